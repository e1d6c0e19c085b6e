-- Ends the transaction HoldDecisionLog.sql opened on this connection.
IF @@TRANCOUNT > 0
    ROLLBACK TRANSACTION;
