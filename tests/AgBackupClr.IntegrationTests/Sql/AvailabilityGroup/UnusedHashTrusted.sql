-- In master: whether the hash TrustUnusedHash.sql trusted is still trusted (1) or was dropped (0).
SELECT COUNT(*) AS trusted
FROM sys.trusted_assemblies
WHERE hash = HASHBYTES('SHA2_512', N'AgBackupClr issue 20: a hash no assembly has');
