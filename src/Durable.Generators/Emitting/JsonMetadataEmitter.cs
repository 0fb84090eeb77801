using System.Globalization;
using Durable.Generators.Model;

namespace Durable.Generators.Emitting;

/// <summary>
/// Writes a workflow's nested <c>JsonMetadata</c> resolver: one factory per payload type, built with the public
/// <c>JsonMetadataServices</c> API the way System.Text.Json's generated contexts build theirs (metadata mode: no
/// fast-path serializers, no reflection).
/// </summary>
internal static class JsonMetadataEmitter
{
    private const string Metadata = "global::System.Text.Json.Serialization.Metadata.";
    private const string Services = Metadata + "JsonMetadataServices.";
    private const string Options = "global::System.Text.Json.JsonSerializerOptions";

    public static void Emit(IndentedWriter writer, WorkflowSpec workflow, string generatedCode)
    {
        writer.Line("/// <summary>")
            .Line($"/// JSON serialization metadata for the payload types of <see cref=\"{workflow.Type.FullName}\"/>, built through")
            .Line($"/// <see cref=\"{Metadata}JsonMetadataServices\"/>: no reflection, so trimmed and native AOT")
            .Line("/// applications keep what they need. Consulted after the workflow's <c>JsonContext</c>, if it names one.")
            .Line("/// </summary>")
            .Line(generatedCode)
            .Line("internal sealed class JsonMetadata : global::Durable.GeneratedJsonTypeResolver")
            .Open()
            .Line("/// <summary>The shared instance.</summary>")
            .Line("public static JsonMetadata Default { get; } = new JsonMetadata();")
            .Line()
            .Line("/// <inheritdoc />")
            .Line($"protected override {Metadata}JsonTypeInfo? CreateTypeInfo(global::System.Type type, {Options} options)")
            .Open();
        foreach (var type in workflow.JsonTypes)
        {
            writer.Line($"if (type == typeof({type.TypeName}))")
                .Open()
                .Line($"return TypeInfoOf{type.Id}(options);")
                .Close()
                .Line();
        }

        writer.Line("return null;").Close();
        foreach (var type in workflow.JsonTypes)
        {
            writer.Line();
            EmitFactory(writer, type);
            if (type.Object is { } objectSpec)
            {
                writer.Line();
                EmitProperties(writer, type, objectSpec);
                if (objectSpec.Creation == JsonCreation.Parameterized)
                {
                    writer.Line();
                    EmitParameters(writer, type, objectSpec);
                }
            }
        }

        writer.Close();
    }

    private static void EmitFactory(IndentedWriter writer, JsonTypeSpec type)
    {
        var typeInfo = $"{Metadata}JsonTypeInfo<{type.TypeName}>";
        writer.Line($"private static {typeInfo} TypeInfoOf{type.Id}({Options} options)")
            .Open()
            .Line($"if (TryCreateFromOptionsConverter<{type.TypeName}>(options, out var fromOptions))")
            .Open()
            .Line("return fromOptions;")
            .Close()
            .Line();
        switch (type.Kind)
        {
            case JsonTypeKind.Value:
                writer.Line($"return {Services}CreateValueInfo<{type.TypeName}>(options, {Services}{type.Converter});");
                break;
            case JsonTypeKind.Enum:
                writer.Line($"return {Services}CreateValueInfo<{type.TypeName}>(options, {Services}GetEnumConverter<{type.TypeName}>(options));");
                break;
            case JsonTypeKind.Nullable:
                writer.Line($"return {Services}CreateValueInfo<{type.TypeName}>(options, {Services}GetNullableConverter<{type.ElementType}>(options));");
                break;
            case JsonTypeKind.CustomConverter:
                writer.Line($"return {Services}CreateValueInfo<{type.TypeName}>(options, ExpandConverter(typeof({type.TypeName}), new {type.Converter}(), options));");
                break;
            case JsonTypeKind.Object:
                EmitObjectFactory(writer, type, type.Object!);
                break;
            default:
                EmitCollectionFactory(writer, type);
                break;
        }

        writer.Close();
    }

    private static void EmitCollectionFactory(IndentedWriter writer, JsonTypeSpec type)
    {
        writer.Line($"var info = new {Metadata}JsonCollectionInfoValues<{type.TypeName}>")
            .Open()
            .Line($"ObjectCreator = {(type.CreatorType is null ? "null" : $"static () => new {type.CreatorType}()")},")
            .Line("SerializeHandler = null,")
            .Close(";");
        var call = type.Kind switch
        {
            JsonTypeKind.Array => $"{Services}CreateArrayInfo<{type.ElementType}>(options, info)",
            JsonTypeKind.Collection => $"{Services}{type.Factory}<{type.TypeName}, {type.ElementType}>(options, info)",
            JsonTypeKind.Dictionary => $"{Services}{type.Factory}<{type.TypeName}, {type.KeyType}, {type.ElementType}>(options, info)",
            JsonTypeKind.ImmutableCollection => $"{Services}CreateImmutableEnumerableInfo<{type.TypeName}, {type.ElementType}>(options, info, createRangeFunc: {type.CreateRange})",
            _ => $"{Services}CreateImmutableDictionaryInfo<{type.TypeName}, {type.KeyType}, {type.ElementType}>(options, info, createRangeFunc: {type.CreateRange})",
        };
        EmitReturn(writer, call, type.NumberHandling);
    }

    private static void EmitObjectFactory(IndentedWriter writer, JsonTypeSpec type, JsonObjectSpec spec)
    {
        writer.Line($"var info = new {Metadata}JsonObjectInfoValues<{type.TypeName}>")
            .Open()
            .Line($"ObjectCreator = {(spec.Creation == JsonCreation.Parameterless ? $"static () => new {type.TypeName}()" : "null")},")
            .Line($"ObjectWithParameterizedConstructorCreator = {(spec.Creation == JsonCreation.Parameterized ? "static args => " + Creator(type.TypeName, spec) : "null")},")
            .Line($"PropertyMetadataInitializer = _ => PropertiesOf{type.Id}(options),")
            .Line($"ConstructorParameterMetadataInitializer = {(spec.Creation == JsonCreation.Parameterized ? $"ParametersOf{type.Id}" : "null")},")
            .Line("SerializeHandler = null,")
            .Close(";");
        EmitReturn(writer, $"{Services}CreateObjectInfo<{type.TypeName}>(options, info)", type.NumberHandling);
    }

    private static void EmitReturn(IndentedWriter writer, string call, string? numberHandling)
    {
        if (numberHandling is null)
        {
            writer.Line($"return {call};");
            return;
        }

        writer.Line($"var typeInfo = {call};")
            .Line($"typeInfo.NumberHandling = {numberHandling};")
            .Line("return typeInfo;");
    }

    /// <summary><c>new T((A)args[0]!, ...) { Member = (B)args[n]!, ... }</c>.</summary>
    private static string Creator(string typeName, JsonObjectSpec spec)
    {
        var arguments = spec.Parameters.Where(p => !p.IsMemberInitializer).Select(p => $"({p.ParameterType})args[{Index(p.Position)}]!");
        var initializers = spec.Parameters.Where(p => p.IsMemberInitializer).Select(p => $"{p.Name} = ({p.ParameterType})args[{Index(p.Position)}]!").ToList();
        var creator = $"new {typeName}({string.Join(", ", arguments)})";
        return initializers.Count == 0 ? creator : creator + " { " + string.Join(", ", initializers) + " }";
    }

    private static void EmitProperties(IndentedWriter writer, JsonTypeSpec type, JsonObjectSpec spec)
    {
        writer.Line($"private static {Metadata}JsonPropertyInfo[] PropertiesOf{type.Id}({Options} options)")
            .Open()
            .Line($"var properties = new {Metadata}JsonPropertyInfo[{Index(spec.Properties.Count)}];");
        for (var i = 0; i < spec.Properties.Count; i++)
        {
            var property = spec.Properties[i];
            var slot = $"properties[{Index(i)}]";
            writer.Line($"{slot} = {Services}CreatePropertyInfo<{property.PropertyType}>(options, new {Metadata}JsonPropertyInfoValues<{property.PropertyType}>")
                .Open()
                .Line($"IsProperty = {Bool(property.IsProperty)},")
                .Line($"IsPublic = {Bool(property.IsPublic)},")
                .Line($"IsVirtual = {Bool(property.IsVirtual)},")
                .Line($"DeclaringType = typeof({property.DeclaringType}),")
                .Line($"Converter = {(property.ConverterType is null ? "null" : $"(global::System.Text.Json.Serialization.JsonConverter<{property.PropertyType}>)ExpandConverter(typeof({property.PropertyTypeOf}), new {property.ConverterType}(), options)")},")
                .Line($"Getter = {(property.HasGetter ? $"static obj => (({property.DeclaringType})obj).{property.MemberName}" : "null")},")
                .Line($"Setter = {Setter(property)},")
                .Line($"IgnoreCondition = {(property.IgnoreCondition is null ? "null" : "global::System.Text.Json.Serialization.JsonIgnoreCondition." + property.IgnoreCondition)},")
                .Line($"HasJsonInclude = {Bool(property.HasJsonInclude)},")
                .Line($"IsExtensionData = {Bool(property.IsExtensionData)},")
                .Line($"NumberHandling = {property.NumberHandling ?? "null"},")
                .Line($"PropertyName = {Literal(property.MemberName)},")
                .Line($"JsonPropertyName = {(property.JsonPropertyName is null ? "null" : Literal(property.JsonPropertyName))},")
                .Close(");");
            if (property.Order != 0)
            {
                writer.Line($"{slot}.Order = {property.Order.ToString(CultureInfo.InvariantCulture)};");
            }

            if (property.IsRequired)
            {
                writer.Line($"{slot}.IsRequired = true;");
            }

            if (property.GetterDisallowsNull)
            {
                writer.Line($"{slot}.IsGetNullable = false;");
            }

            if (property.SetterDisallowsNull)
            {
                writer.Line($"{slot}.IsSetNullable = false;");
            }
        }

        writer.Line("return properties;").Close();
    }

    private static string Setter(JsonPropertySpec property) => property.Setter switch
    {
        JsonSetter.Assign => $"static (obj, value) => (({property.DeclaringType})obj).{property.MemberName} = value!",
        JsonSetter.AssignUnboxed => $"static (obj, value) => global::System.Runtime.CompilerServices.Unsafe.Unbox<{property.DeclaringType}>(obj).{property.MemberName} = value!",
        JsonSetter.InitOnly => $"static (obj, value) => throw new global::System.InvalidOperationException({Literal($"'{property.DeclaringTypeName}.{property.MemberName}' is init-only: it is set when the object is created, never afterwards.")})",
        JsonSetter.Inaccessible => $"static (obj, value) => throw new global::System.InvalidOperationException({Literal($"'{property.DeclaringTypeName}.{property.MemberName}' has [JsonInclude] but its setter is not visible to generated code.")})",
        _ => "null",
    };

    private static void EmitParameters(IndentedWriter writer, JsonTypeSpec type, JsonObjectSpec spec)
    {
        writer.Line($"private static {Metadata}JsonParameterInfoValues[] ParametersOf{type.Id}() => new {Metadata}JsonParameterInfoValues[]")
            .Open();
        foreach (var parameter in spec.Parameters)
        {
            writer.Line($"new {Metadata}JsonParameterInfoValues")
                .Open()
                .Line($"Name = {Literal(parameter.Name)},")
                .Line($"ParameterType = typeof({parameter.ParameterType}),")
                .Line($"Position = {Index(parameter.Position)},");
            if (parameter.IsMemberInitializer)
            {
                writer.Line($"IsNullable = {Bool(parameter.IsNullable)},")
                    .Line("IsMemberInitializer = true,");
            }
            else
            {
                writer.Line($"HasDefaultValue = {Bool(parameter.HasDefaultValue)},")
                    .Line($"DefaultValue = {parameter.DefaultValue ?? "null"},")
                    .Line($"IsNullable = {Bool(parameter.IsNullable)},");
            }

            writer.Close(",");
        }

        writer.Close(";");
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Index(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Literal(string value) => CSharpLiteral.String(value);
}
