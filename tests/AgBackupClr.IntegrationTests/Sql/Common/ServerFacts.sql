-- The facts the tests need to predict what SQL Server allows (docs/rules.md F1, F3): name, version, edition, and the exact
-- build, which messages name so a result can be tied to the build it came from.
SELECT
    CONVERT(sysname, SERVERPROPERTY('ServerName')) AS server_name,
    CONVERT(int, SERVERPROPERTY('ProductMajorVersion')) AS product_major_version,
    CONVERT(int, SERVERPROPERTY('EngineEdition')) AS engine_edition,
    CONVERT(nvarchar(128), SERVERPROPERTY('ProductVersion')) AS product_version;
