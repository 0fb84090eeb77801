using Microsoft.CodeAnalysis;

namespace Durable.CodeFixes;

/// <summary>
/// Which types a fix may make the result of a new step (and so a checkpointed JSON payload): plain data such as
/// numbers, strings, dates, GUIDs, enums, their nullables and arrays, and (for extracted methods) classes and
/// records of user code. Handles, streams, delegates, tasks and contexts are refused, so a fix never produces a step
/// whose result cannot round-trip.
/// </summary>
internal static class PayloadTypes
{
    private static readonly HashSet<string> Simple = new(StringComparer.Ordinal)
    {
        "System.DateTime",
        "System.DateTimeOffset",
        "System.TimeSpan",
        "System.Guid",
        "System.DateOnly",
        "System.TimeOnly",
        "System.Uri",
    };

    /// <summary>Plain data only (what a wrapped expression may return).</summary>
    public static bool IsSimple(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case IArrayTypeSymbol array:
                return array.Rank == 1 && IsSimple(array.ElementType);
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return IsSimple(nullable.TypeArguments[0]);
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_String:
                return true;
        }

        return Simple.Contains(type.OriginalDefinition.ToDisplayString());
    }

    /// <summary>Plain data, or a class, record or struct declared in source (a parameter or result of an extracted step).</summary>
    public static bool IsPayload(ITypeSymbol? type, Compilation compilation)
    {
        if (IsSimple(type))
        {
            return true;
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.Rank == 1 && IsPayload(array.ElementType, compilation);
        }

        if (type is not INamedTypeSymbol named || named.IsRefLikeType || named.TypeKind is TypeKind.Delegate or TypeKind.Interface or TypeKind.Pointer)
        {
            return false;
        }

        if (named.IsGenericType && named.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic")
        {
            return named.TypeArguments.All(t => IsPayload(t, compilation));
        }

        return named.TypeKind is TypeKind.Class or TypeKind.Struct
            && named.DeclaringSyntaxReferences.Length > 0
            && named.DeclaringSyntaxReferences.All(r => compilation.ContainsSyntaxTree(r.SyntaxTree));
    }
}
