-- The facts the tests need to predict what SQL Server allows (SPEC F1, F3): name, version, edition.
SELECT
    CONVERT(sysname, SERVERPROPERTY('ServerName')) AS server_name,
    CONVERT(int, SERVERPROPERTY('ProductMajorVersion')) AS product_major_version,
    CONVERT(int, SERVERPROPERTY('EngineEdition')) AS engine_edition;
