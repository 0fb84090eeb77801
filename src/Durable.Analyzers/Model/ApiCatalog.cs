using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Durable.Analyzers;

/// <summary>
/// The nondeterministic and non-replay-aware APIs of DUR1001–DUR1008, DUR1010 and DUR1012, resolved by symbol once
/// per compilation (types missing from the compilation are skipped). <see cref="Match"/> answers for one operation
/// (invocation, property reference, object creation or method group); it does not look at the scope.
/// </summary>
internal sealed class ApiCatalog
{
    private static readonly HashSet<string> InvocationScopedVariables = new(StringComparer.Ordinal)
    {
        "_X_AMZN_TRACE_ID",
        "AWS_LAMBDA_LOG_STREAM_NAME",
    };

    private readonly DurableSymbols _symbols;
    private readonly DurableTasks _tasks;
    private readonly Dictionary<ISymbol, ApiKind> _members = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, ApiKind> _ownerTypes = new(SymbolEqualityComparer.Default);
    private readonly INamedTypeSymbol[] _networkTypes;
    private readonly INamedTypeSymbol[] _localIOTypes;
    private readonly INamedTypeSymbol? _logger;
    private readonly INamedTypeSymbol? _loggerExtensions;
    private readonly INamedTypeSymbol? _object;
    private readonly INamedTypeSymbol? _string;

    /// <summary>What a catalogued member is; some kinds need a look at the call before they count.</summary>
    private enum ApiKind
    {
        None,
        Clock,
        Random,
        RandomInstance,
        Identifier,
        Delay,
        TaskWait,
        LocalIO,
        Environment,
        EnvironmentVariable,
        Invocation,
        HashCode,
        Logging,
        NetworkType,
        LocalIOType,
        LoggerType,
    }

    public ApiCatalog(Compilation compilation, DurableSymbols symbols, DurableTasks tasks)
    {
        _symbols = symbols;
        _tasks = tasks;
        var clock = new SymbolSet(compilation)
            .Add("System.DateTime", "Now", "UtcNow", "Today")
            .Add("System.DateTimeOffset", "Now", "UtcNow")
            .Add("System.TimeProvider", "GetUtcNow", "GetLocalNow", "GetTimestamp", "GetElapsedTime")
            .Add("System.Diagnostics.Stopwatch", "StartNew", "GetTimestamp", "GetElapsedTime", "Elapsed", "ElapsedMilliseconds", "ElapsedTicks")
            .Add("System.Environment", "TickCount", "TickCount64");
        var random = new SymbolSet(compilation)
            .Add("System.Random", "Shared")
            .AddStaticMethods("System.Security.Cryptography.RandomNumberGenerator")
            .AddConstructors("System.Random", c => c.Parameters.Length == 0)
            .AddConstructors("System.Security.Cryptography.RNGCryptoServiceProvider");
        var randomInstance = new SymbolSet(compilation)
            .Add("System.Random", "Next", "NextDouble", "NextBytes", "NextInt64", "NextSingle", "GetItems", "Shuffle", "GetHexString", "GetString")
            .Add("System.Security.Cryptography.RandomNumberGenerator", "GetBytes", "GetNonZeroBytes");
        var identifiers = new SymbolSet(compilation)
            .Add("System.Guid", "NewGuid", "CreateVersion7")
            .Add("System.IO.Path", "GetRandomFileName", "GetTempFileName");
        var delays = new SymbolSet(compilation)
            .Add("System.Threading.Thread", "Sleep", "SpinWait")
            .Add("System.Threading.Tasks.Task", "Delay")
            .Add("System.Threading.SpinWait", "SpinUntil")
            .Add("System.Threading.WaitHandle", "WaitOne", "WaitAll", "WaitAny")
            .Add("System.Threading.CancellationTokenSource", "CancelAfter")
            .AddConstructors("System.Threading.CancellationTokenSource", c => c.Parameters.Length == 1)
            .AddConstructors("System.Threading.Timer")
            .AddConstructors("System.Timers.Timer")
            .AddConstructors("System.Threading.PeriodicTimer");
        var taskWaits = new SymbolSet(compilation)
            .Add("System.Threading.Tasks.Task", "Wait", "WaitAll", "WaitAny");
        var localIO = new SymbolSet(compilation)
            .Add("System.Console", "Read", "ReadLine", "ReadKey", "OpenStandardInput", "In", "KeyAvailable")
            .AddConstructors("System.IO.FileStream")
            .AddConstructors("System.IO.FileSystemWatcher")
            .AddConstructors("System.IO.StreamReader", FirstParameterIsString)
            .AddConstructors("System.IO.StreamWriter", FirstParameterIsString);
        var environment = new SymbolSet(compilation)
            .Add("System.Environment", "GetEnvironmentVariables", "ExpandEnvironmentVariables", "GetCommandLineArgs", "MachineName", "ProcessId", "UserName", "UserDomainName", "CurrentDirectory", "ProcessorCount")
            .Add("Microsoft.Extensions.Configuration.IConfiguration", "this[]", "GetSection", "GetChildren")
            .Add("Microsoft.Extensions.Configuration.IConfigurationSection", "Value")
            .Add("Microsoft.Extensions.Configuration.ConfigurationBinder", "GetValue", "Get", "Bind")
            .Add("Microsoft.Extensions.Configuration.ConfigurationExtensions", "GetConnectionString", "GetRequiredSection")
            .Add("Microsoft.Extensions.Options.IOptionsMonitor`1", "CurrentValue", "Get");
        var environmentVariable = new SymbolSet(compilation)
            .Add("System.Environment", "GetEnvironmentVariable");
        var invocation = new SymbolSet(compilation)
            .Add(Metadata.DurableMetadataNames.DurableInvocationInfo, "RequestId", "Deadline", "TraceId")
            .Add("Amazon.Lambda.Core.ILambdaContext", "AwsRequestId", "RemainingTime", "LogStreamName", "ClientContext", "Identity");
        var hashCodes = new SymbolSet(compilation)
            .Add("System.String", "GetHashCode")
            .Add("System.HashCode", "Combine", "Add", "AddBytes", "ToHashCode")
            .Add("System.StringComparer", "GetHashCode")
            .Add("System.Runtime.CompilerServices.RuntimeHelpers", "GetHashCode");
        var logging = new SymbolSet(compilation)
            .Add("System.Console", "Write", "WriteLine", "Out", "Error", "OpenStandardOutput", "OpenStandardError")
            .Add("System.Diagnostics.Trace", "Write", "WriteLine", "WriteIf", "WriteLineIf", "TraceInformation", "TraceWarning", "TraceError")
            .Add("Amazon.Lambda.Core.LambdaLogger", "Log")
            .Add("Amazon.Lambda.Core.ILambdaContext", "Logger");

        // One lookup per use instead of one per category; a member in two sets keeps the first (the order above).
        foreach (var (set, kind) in new[]
        {
            (clock, ApiKind.Clock),
            (random, ApiKind.Random),
            (randomInstance, ApiKind.RandomInstance),
            (identifiers, ApiKind.Identifier),
            (delays, ApiKind.Delay),
            (taskWaits, ApiKind.TaskWait),
            (localIO, ApiKind.LocalIO),
            (environment, ApiKind.Environment),
            (environmentVariable, ApiKind.EnvironmentVariable),
            (invocation, ApiKind.Invocation),
            (hashCodes, ApiKind.HashCode),
            (logging, ApiKind.Logging),
        })
        {
            foreach (var member in set.Members)
            {
                if (!_members.ContainsKey(member))
                {
                    _members.Add(member, kind);
                }
            }
        }

        _networkTypes = Types(
            compilation,
            "System.Net.Http.HttpMessageInvoker",
            "System.Net.WebRequest",
            "System.Net.WebClient",
            "System.Net.Sockets.Socket",
            "System.Net.Sockets.TcpClient",
            "System.Net.Sockets.UdpClient",
            "System.Net.Dns",
            "System.Data.Common.DbConnection",
            "System.Data.Common.DbCommand",
            "System.Data.IDbConnection",
            "System.Data.IDbCommand",
            "Amazon.Runtime.IAmazonService",
            "Grpc.Core.ClientBase");
        _localIOTypes = Types(
            compilation,
            "System.IO.File",
            "System.IO.Directory",
            "System.IO.FileSystemInfo",
            "System.IO.DriveInfo",
            "System.Diagnostics.Process");
        _logger = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
        _loggerExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
        _object = compilation.GetSpecialType(SpecialType.System_Object);
        _string = compilation.GetSpecialType(SpecialType.System_String);
    }

    /// <summary>The catalogued API that <paramref name="operation"/> uses, if any.</summary>
    public ApiMatch? Match(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => MatchInvocation(invocation),
        IPropertyReferenceOperation property => MatchMember(property.Property, property.Instance, Display(property.Property)),
        IObjectCreationOperation creation => MatchCreation(creation),
        IMethodReferenceOperation reference => MatchMember(reference.Method, reference.Instance, Display(reference.Method)),
        _ => null,
    };

    private ApiMatch? MatchInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var display = Display(method);
        switch (Kind(method))
        {
            case ApiKind.EnvironmentVariable:
                return invocation.Arguments.Length > 0
                    && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string name }
                    && InvocationScopedVariables.Contains(name)
                        ? new ApiMatch(DiagnosticDescriptors.InvocationValue, display)
                        : new ApiMatch(DiagnosticDescriptors.EnvironmentRead, display);

            case ApiKind.TaskWait:
                // Blocking on a durable task is DUR2010's; on any other task it is an in-process wait.
                var durable = invocation.Instance is { } instance
                    ? _tasks.IsDurable(instance)
                    : invocation.Arguments.Any(a => _tasks.IsDurable(a.Value));
                return durable ? null : new ApiMatch(DiagnosticDescriptors.InProcessDelay, display);

            case ApiKind.LoggerType:
                return method.Name is "BeginScope" or "IsEnabled" || LoggerReceiverIsReplayAware(LoggerReceiver(invocation))
                    ? null
                    : new ApiMatch(DiagnosticDescriptors.NonReplayAwareLogging, display);
        }

        if (method.Name == nameof(GetHashCode) && method.Parameters.Length == 0 && !method.IsStatic && UsesIdentityHashCode(invocation))
        {
            return new ApiMatch(DiagnosticDescriptors.RandomizedHashCode, display);
        }

        return MatchMember(method, invocation.Instance, display);
    }

    private ApiMatch? MatchCreation(IObjectCreationOperation creation)
    {
        var constructor = creation.Constructor;
        if (constructor is null)
        {
            return null;
        }

        var display = "new " + constructor.ContainingType.Name + "(" + (constructor.Parameters.Length == 0 ? string.Empty : "...") + ")";
        return Kind(constructor) switch
        {
            ApiKind.Random => new ApiMatch(DiagnosticDescriptors.Randomness, display),
            ApiKind.Delay => new ApiMatch(DiagnosticDescriptors.InProcessDelay, display),
            ApiKind.LocalIO => new ApiMatch(DiagnosticDescriptors.LocalIO, display),
            _ => null,
        };
    }

    private ApiMatch? MatchMember(ISymbol member, IOperation? instance, string display)
    {
        var rule = Kind(member) switch
        {
            ApiKind.Clock => DiagnosticDescriptors.ClockRead,
            ApiKind.Random => DiagnosticDescriptors.Randomness,
            ApiKind.RandomInstance => IsSharedOrInjected(instance) ? DiagnosticDescriptors.Randomness : null,
            ApiKind.Identifier => DiagnosticDescriptors.IdentifierGeneration,
            ApiKind.Delay => DiagnosticDescriptors.InProcessDelay,
            ApiKind.LocalIO or ApiKind.LocalIOType => DiagnosticDescriptors.LocalIO,
            ApiKind.Environment or ApiKind.EnvironmentVariable => DiagnosticDescriptors.EnvironmentRead,
            ApiKind.Invocation => DiagnosticDescriptors.InvocationValue,
            ApiKind.HashCode => DiagnosticDescriptors.RandomizedHashCode,
            ApiKind.Logging => DiagnosticDescriptors.NonReplayAwareLogging,
            ApiKind.NetworkType => DiagnosticDescriptors.NetworkIO,
            _ => null,
        };
        return rule is null ? null : new ApiMatch(rule, display);
    }

    /// <summary>
    /// What a member is: by its own symbol (or one it overrides), else, for methods, by the type that owns it (I/O
    /// types, loggers; cached per type).
    /// </summary>
    private ApiKind Kind(ISymbol member)
    {
        for (ISymbol? current = member; current is not null; current = Overridden(current))
        {
            if (_members.TryGetValue(current.OriginalDefinition, out var kind))
            {
                return kind;
            }
        }

        if (member is not IMethodSymbol method || !IsIOMethod(method))
        {
            return ApiKind.None;
        }

        var owner = method.IsExtensionMethod ? (method.ReducedFrom ?? method).Parameters.FirstOrDefault()?.Type : method.ContainingType;
        if (owner is null)
        {
            return ApiKind.None;
        }

        if (method.IsExtensionMethod && SymbolEqualityComparer.Default.Equals(method.ContainingType, _loggerExtensions))
        {
            return ApiKind.LoggerType;
        }

        return _ownerTypes.GetOrAdd(owner, OwnerKind);
    }

    private ApiKind OwnerKind(ITypeSymbol owner) =>
        IsOfAny(owner, _networkTypes) ? ApiKind.NetworkType
        : IsOfAny(owner, _localIOTypes) ? ApiKind.LocalIOType
        : _logger is not null && DurableSymbols.Implements(owner, _logger) ? ApiKind.LoggerType
        : ApiKind.None;

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };

    /// <summary>
    /// Calls on a <c>Random</c> (or RNG) instance count when the instance comes from a field, a property or a
    /// primary-constructor parameter (shared or injected, so seedless); a local holds either a seeded generator
    /// (deterministic) or one whose seedless creation is reported already.
    /// </summary>
    private static bool IsSharedOrInjected(IOperation? instance)
    {
        if (instance is null)
        {
            return false;
        }

        instance = DurableTasks.Unwrap(instance);
        return instance switch
        {
            IFieldReferenceOperation => true,
            IPropertyReferenceOperation property => property.Property.Name != "Shared",
            IParameterReferenceOperation parameter => parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor },
            _ => false,
        };
    }

    /// <summary>
    /// <c>x.GetHashCode()</c> whose implementation is <c>object</c>'s (identity hash: per process) or <c>string</c>'s
    /// (randomised per process). Types that override it (numbers, enums, records, user types) are left alone.
    /// </summary>
    private bool UsesIdentityHashCode(IInvocationOperation invocation)
    {
        var receiver = invocation.Instance is { } instance ? DurableTasks.Unwrap(instance).Type : null;
        if (receiver is null || receiver.IsValueType || receiver.TypeKind is TypeKind.Interface or TypeKind.TypeParameter)
        {
            return false;
        }

        for (var type = receiver; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(nameof(GetHashCode)))
            {
                if (member is IMethodSymbol { Parameters.Length: 0, IsStatic: false } candidate
                    && (candidate.IsOverride || SymbolEqualityComparer.Default.Equals(type, _object)))
                {
                    return SymbolEqualityComparer.Default.Equals(type, _object) || SymbolEqualityComparer.Default.Equals(type, _string);
                }
            }
        }

        return false;
    }

    private static IOperation? LoggerReceiver(IInvocationOperation invocation) =>
        invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

    /// <summary>
    /// The logger is replay-aware (or may be) when it is <c>IDurableContext.Logger</c>, a local initialised from it,
    /// or a method parameter (helpers receive <c>context.Logger</c>; reporting those is a known false positive of
    /// other analyzers). Fields, properties and injected constructor parameters are not.
    /// </summary>
    private bool LoggerReceiverIsReplayAware(IOperation? receiver, int depth = 0)
    {
        if (receiver is null || depth > 3)
        {
            return true;
        }

        receiver = DurableTasks.Unwrap(receiver);
        switch (receiver)
        {
            case IPropertyReferenceOperation property:
                return _symbols.IsDurableContext(property.Property.ContainingType) || _symbols.IsStepBodyContext(property.Property.ContainingType);
            case IParameterReferenceOperation parameter:
                return parameter.Parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Constructor };
            case ILocalReferenceOperation local:
                return LoggerReceiverIsReplayAware(DurableTasks.SingleInitializer(local), depth + 1);
            case IFieldReferenceOperation:
                return false;
            default:
                return true;
        }
    }

    private static bool IsIOMethod(IMethodSymbol method) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.ReducedExtension
        && method.Name is not ("Dispose" or "DisposeAsync" or "ToString" or "GetType" or "Equals" or "GetHashCode");

    /// <summary>True when <paramref name="owner"/> is one of <paramref name="types"/> or derives from or implements one.</summary>
    private static bool IsOfAny(ITypeSymbol owner, INamedTypeSymbol[] types)
    {
        foreach (var type in types)
        {
            if (DurableSymbols.DerivesFrom(owner, type) || DurableSymbols.Implements(owner, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool FirstParameterIsString(IMethodSymbol constructor) =>
        constructor.Parameters.Length > 0 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String;

    private static INamedTypeSymbol[] Types(Compilation compilation, params string[] names) =>
        names.Select(compilation.GetTypeByMetadataName).Where(t => t is not null).Select(t => t!).ToArray();

    /// <summary><c>DateTime.UtcNow</c>, <c>Guid.NewGuid()</c>: the way a message names a member.</summary>
    public static string Display(ISymbol member)
    {
        var owner = member.ContainingType?.Name ?? string.Empty;
        if (member is IMethodSymbol { IsExtensionMethod: true } extension && extension.Parameters.Length > 0)
        {
            owner = extension.ReducedFrom?.Parameters[0].Type.Name ?? extension.Parameters[0].Type.Name;
        }

        var name = member is IPropertySymbol { IsIndexer: true } ? "this[]" : member.Name;
        return member is IMethodSymbol ? owner + "." + name + "()" : owner + "." + name;
    }
}
