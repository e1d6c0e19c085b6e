using System;

namespace AgBackupClr.Planner;

/// <summary>A connection string SqlClient refuses. The message names the part by its number and repeats none of its text.</summary>
public sealed class ConnectionStringException : Exception
{
    public ConnectionStringException(string message)
        : base(message)
    {
    }
}
