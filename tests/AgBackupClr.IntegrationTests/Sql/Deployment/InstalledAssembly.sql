-- The AgBackupClr assembly installed in this database: its identity (clr_name holds the version), the SHA2_512 of
-- its bits as hex, and how sys.trusted_assemblies (instance-wide, SQL Server 2017+) describes that hash, NULL when
-- the instance does not trust it. No row when AgBackupClr is not installed here. Run in the utility database.
SELECT
    a.clr_name,
    CONVERT(nvarchar(130), HASHBYTES('SHA2_512', af.content), 1) AS assembly_hash,
    ta.description AS trusted_description
FROM sys.assemblies AS a
JOIN sys.assembly_files AS af ON af.assembly_id = a.assembly_id AND af.file_id = 1
LEFT JOIN sys.trusted_assemblies AS ta ON ta.hash = HASHBYTES('SHA2_512', af.content)
WHERE a.name = N'AgBackupClr';
