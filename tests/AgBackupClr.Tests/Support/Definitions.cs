using System;
using Mono.Cecil;

namespace AgBackupClr.Tests.Support
{
    /// <summary>Cecil's look-ups of the definition behind a reference, for the checks over the built DLL.</summary>
    internal static class Definitions
    {
        /// <summary>Null when the definition cannot be found, including when its assembly cannot: a finding, not a crash.</summary>
        public static T? Resolve<T>(Func<T?> resolve)
            where T : class
        {
            try
            {
                return resolve();
            }
            catch (AssemblyResolutionException)
            {
                return null;
            }
        }
    }
}
