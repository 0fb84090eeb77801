using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Durable.Testing.Roslyn;

/// <summary>
/// Analyzer configuration for a test project, as the real build supplies it: MSBuild global options
/// (<c>build_property.X</c>, from a generated global config), <c>.editorconfig</c> key/values for source files,
/// and raw .editorconfig / global config texts. Immutable; each <c>With…</c> returns a new instance.
/// The texts are parsed by Roslyn's own <see cref="AnalyzerConfig"/>, so key matching, severities
/// (<c>dotnet_diagnostic.ID.severity</c>) and precedence behave as in a real build.
/// </summary>
public sealed class TestAnalyzerConfig
{
    /// <summary>Directory of the test source files (<c>/0/Test0.cs</c>, ...); per-file config applies below it.</summary>
    public const string ProjectDirectory = "/0/";

    private readonly ImmutableList<KeyValuePair<string, string>> _globalOptions;
    private readonly ImmutableList<KeyValuePair<string, string>> _sourceFileOptions;
    private readonly ImmutableList<KeyValuePair<string, string>> _configFiles;

    private TestAnalyzerConfig(
        ImmutableList<KeyValuePair<string, string>> globalOptions,
        ImmutableList<KeyValuePair<string, string>> sourceFileOptions,
        ImmutableList<KeyValuePair<string, string>> configFiles)
    {
        _globalOptions = globalOptions;
        _sourceFileOptions = sourceFileOptions;
        _configFiles = configFiles;
    }

    /// <summary>No options at all.</summary>
    public static TestAnalyzerConfig Empty { get; } = new([], [], []);

    /// <summary>True when nothing has been configured.</summary>
    public bool IsEmpty => _globalOptions.IsEmpty && _sourceFileOptions.IsEmpty && _configFiles.IsEmpty;

    /// <summary>Adds the MSBuild property <paramref name="name"/> as the global option <c>build_property.{name}</c>.</summary>
    public TestAnalyzerConfig WithBuildProperty(string name, string value) =>
        WithGlobalOption("build_property." + name, value);

    /// <summary>Adds a global option (read through <c>AnalyzerConfigOptionsProvider.GlobalOptions</c>).</summary>
    public TestAnalyzerConfig WithGlobalOption(string key, string value) =>
        new(_globalOptions.Add(Pair(key, value)), _sourceFileOptions, _configFiles);

    /// <summary>Adds an option for every C# source file, as under <c>[*.cs]</c> in an .editorconfig.</summary>
    public TestAnalyzerConfig WithSourceFileOption(string key, string value) =>
        new(_globalOptions, _sourceFileOptions.Add(Pair(key, value)), _configFiles);

    /// <summary>Sets a diagnostic's severity for every source file (<c>dotnet_diagnostic.{id}.severity</c>).</summary>
    /// <param name="diagnosticId">The diagnostic ID, for example <c>DUR1001</c>.</param>
    /// <param name="severity"><c>none</c>, <c>silent</c>, <c>suggestion</c>, <c>warning</c>, <c>error</c> or <c>default</c>.</param>
    public TestAnalyzerConfig WithDiagnosticSeverity(string diagnosticId, string severity) =>
        WithSourceFileOption($"dotnet_diagnostic.{diagnosticId}.severity", severity);

    /// <summary>
    /// Adds a raw config file. An .editorconfig applies to the sources below its directory (test sources live in
    /// <see cref="ProjectDirectory"/>); a text containing <c>is_global = true</c> is a global config.
    /// </summary>
    /// <param name="text">The file's content.</param>
    /// <param name="path">Absolute path of the file; defaults to <c>/0/.editorconfig</c>.</param>
    public TestAnalyzerConfig WithConfigFile(string text, string path = ProjectDirectory + ".editorconfig")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("Config file paths are absolute, like the test sources' /0/Test0.cs.", nameof(path));
        }

        return new(_globalOptions, _sourceFileOptions, _configFiles.Add(new KeyValuePair<string, string>(path, text)));
    }

    /// <summary>
    /// The config files this configuration stands for, as (path, text): a generated global config for the global
    /// options, a root <c>/.editorconfig</c> with a <c>[*.cs]</c> section for the per-file options, then the raw files.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToConfigFiles()
    {
        var files = new List<KeyValuePair<string, string>>();
        if (!_globalOptions.IsEmpty)
        {
            var text = new StringBuilder("is_global = true\n");
            foreach (var (key, value) in _globalOptions)
            {
                text.Append(key).Append(" = ").Append(value).Append('\n');
            }

            files.Add(new KeyValuePair<string, string>("/.globalconfig", text.ToString()));
        }

        if (!_sourceFileOptions.IsEmpty)
        {
            var text = new StringBuilder("root = true\n\n[*.cs]\n");
            foreach (var (key, value) in _sourceFileOptions)
            {
                text.Append(key).Append(" = ").Append(value).Append('\n');
            }

            files.Add(new KeyValuePair<string, string>("/.editorconfig", text.ToString()));
        }

        files.AddRange(_configFiles);
        return files;
    }

    /// <summary>Parses the configuration into Roslyn's <see cref="AnalyzerConfigSet"/>.</summary>
    /// <exception cref="RoslynTestException">Roslyn reported a problem with the configuration (for example conflicting global keys).</exception>
    public AnalyzerConfigSet ToAnalyzerConfigSet()
    {
        var configs = ToConfigFiles().Select(f => AnalyzerConfig.Parse(f.Value, f.Key)).ToList();
        var set = AnalyzerConfigSet.Create(configs, out var diagnostics);
        if (!diagnostics.IsEmpty)
        {
            throw new RoslynTestException("The test's analyzer configuration is invalid:" + Environment.NewLine +
                string.Join(Environment.NewLine, diagnostics.Select(d => "  " + d)));
        }

        return set;
    }

    private static KeyValuePair<string, string> Pair(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\n', StringComparison.Ordinal) || key.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("An option key or value cannot span lines.", nameof(value));
        }

        return new KeyValuePair<string, string>(key, value);
    }
}
