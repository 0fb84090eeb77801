namespace Durable.Testing;
