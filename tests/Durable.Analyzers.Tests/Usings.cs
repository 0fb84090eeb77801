global using Durable.Testing.Roslyn;
