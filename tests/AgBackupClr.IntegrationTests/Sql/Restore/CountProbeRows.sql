-- How many rows of the probe table the restored database holds.
SELECT COUNT(*) AS row_count FROM dbo.RestoreProbe;
