-- SET XACT_ABORT ON for the rest of the session, as a job step that starts with it does. Sent without parameters, so
-- SqlClient sends a plain batch: inside sp_executesql (a parameterized command) the setting would end with the call.
SET XACT_ABORT ON;
