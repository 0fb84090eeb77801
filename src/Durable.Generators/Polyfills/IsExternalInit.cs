namespace System.Runtime.CompilerServices;

/// <summary>Lets records and init-only setters compile on netstandard2.0, where the compiler needs this marker type.</summary>
internal static class IsExternalInit;
