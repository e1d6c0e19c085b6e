using System;

namespace AgBackupClr.Planner;

/// <summary>A topology that cannot be read as written. The message names the place and what is allowed there.</summary>
public sealed class TopologyException : Exception
{
    public TopologyException(string message)
        : base(message)
    {
    }

    public static TopologyException At(string path, string problem) => new TopologyException(path + ": " + problem);
}
