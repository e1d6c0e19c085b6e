using System;
using System.IO;
using System.Text;

namespace AgBackupClr.Planner;

/// <summary>
/// A file written whole or not at all: into a temporary file in the same folder, then renamed over the file, so that a
/// reader (node_exporter's textfile collector, a browser reloading a page) never sees half of it. A rename within one
/// folder replaces the file in one step on Linux and Windows alike; one across folders might copy.
/// </summary>
public static class AtomicFile
{
    /// <summary>UTF-8 without a byte-order mark. The temporary file ends in .tmp, which the textfile collector (*.prom) skips.</summary>
    /// <exception cref="IOException">The folder is missing, full, or the file cannot be replaced; no temporary file is left.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or the file may not be written.</exception>
    public static void Write(FileInfo file, Action<TextWriter> write)
    {
        string temporary = Path.Combine(file.DirectoryName ?? ".", "." + file.Name + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 16))
            {
                write(writer);
            }

            File.Move(temporary, file.FullName, true);
        }
        catch
        {
            // File.Exists, since File.Delete of a file in a missing folder would throw over the first failure.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw;
        }
    }
}
