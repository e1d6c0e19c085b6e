using System.Collections.Generic;
using System.Text;

namespace AgBackupClr.Engine
{
    /// <summary>
    /// A drive letter path as Windows resolves it, written by hand (System.IO.Path checks characters this code need not refuse):
    /// C:\.\ClusterStorage, C:\\ClusterStorage and C:\Windows\..\ClusterStorage are all C:\ClusterStorage, so a rule that asks
    /// where a folder lives must read the path after "." and ".." segments and doubled separators are resolved
    /// (learn.microsoft.com "File path formats on Windows systems", Normalize the path).
    /// </summary>
    public static class WindowsPath
    {
        /// <summary>X:\a\b with every "." and "..", empty segment, trailing dot or space and / resolved; any other path is returned as it is.</summary>
        public static string Normalize(string path)
        {
            bool driveLetter = path.Length >= 3 && char.IsLetter(path[0]) && path[0] < 128 && path[1] == ':' && (path[2] == '\\' || path[2] == '/');
            if (!driveLetter)
            {
                return path;
            }

            var segments = new List<string>();
            foreach (string segment in path.Substring(3).Split('\\', '/'))
            {
                if (segment.Length == 0 || segment == ".")
                {
                    continue;
                }

                if (segment == "..")
                {
                    // Windows stops at the root: C:\..\x is C:\x.
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    continue;
                }

                // Win32 drops a name's trailing dots and spaces: C:\ClusterStorage.\Volume1 is C:\ClusterStorage\Volume1.
                string name = segment.TrimEnd('.', ' ');
                if (name.Length > 0)
                {
                    segments.Add(name);
                }
            }

            var normalized = new StringBuilder(path.Length).Append(path[0]).Append(":\\");
            normalized.Append(string.Join("\\", segments));
            return normalized.ToString();
        }
    }
}
