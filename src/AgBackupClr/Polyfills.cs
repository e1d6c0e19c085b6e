#if NETFRAMEWORK
namespace System.Runtime.CompilerServices
{
    // Lets records and init-only properties compile for net48; the type carries no state.
    internal static class IsExternalInit
    {
    }
}
#endif
