using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Durable.Execution;

/// <summary>
/// The positional operation-ID scheme shared with AWS's .NET and Java SDKs (protocol §7): the n-th durable call in a
/// context gets <c>sha256("n")</c> at the root and <c>sha256(parentId + "-" + n)</c> inside a context whose own ID is
/// <c>parentId</c>, as 64 lowercase hex characters. Names never enter the ID, so renaming an operation is safe and
/// reordering is not.
/// </summary>
public static class OperationIds
{
    // IDs depend only on their position path, never on the execution, so a warm process replaying any execution
    // of a workflow recomputes the same ones on every invocation. Both caches are bounded; a miss just hashes.
    private const int MaxCachedRootPositions = 1 << 16;
    private const int MaxCachedChildIds = 1 << 16;
    private static string?[] s_rootIds = new string?[256];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string ContextId, int Position), string> s_childIds = new();

    /// <summary>The ID of the <paramref name="position"/>-th operation (1-based) in the context <paramref name="contextId"/> (null at the root).</summary>
    /// <param name="contextId">The hashed ID of the enclosing context, or null for the root.</param>
    /// <param name="position">The operation's position in its context, from 1.</param>
    public static string Create(string? contextId, int position)
    {
        if (position < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "Operation positions start at 1.");
        }

        if (contextId is null)
        {
            return position < MaxCachedRootPositions ? CachedRootId(position) : Compute(null, position);
        }

        if (s_childIds.TryGetValue((contextId, position), out var cached))
        {
            return cached;
        }

        var id = Compute(contextId, position);
        if (s_childIds.Count >= MaxCachedChildIds)
        {
            s_childIds.Clear();
        }

        s_childIds.TryAdd((contextId, position), id);
        return id;
    }

    private static string CachedRootId(int position)
    {
        var cache = Volatile.Read(ref s_rootIds);
        if (position < cache.Length && cache[position] is { } hit)
        {
            return hit;
        }

        var id = Compute(null, position);
        if (position >= cache.Length)
        {
            // Grow by doubling; a racing writer may lose an entry, which only costs a recomputation.
            var grown = new string?[Math.Min(MaxCachedRootPositions, Math.Max(cache.Length * 2, position + 1))];
            Array.Copy(cache, grown, cache.Length);
            Volatile.Write(ref s_rootIds, grown);
            cache = grown;
        }

        cache[position] = id;
        return id;
    }

    private static string Compute(string? contextId, int position)
    {
        // "<contextId>-<n>" or "<n>": at most 64 + 1 + 10 ASCII characters, so the raw ID fits on the stack.
        Span<byte> raw = stackalloc byte[80];
        var length = 0;
        if (contextId is not null)
        {
            length = Encoding.UTF8.GetBytes(contextId, raw);
            raw[length++] = (byte)'-';
        }

        position.TryFormat(raw[length..], out var digits, default, CultureInfo.InvariantCulture);
        length += digits;
        return HashToHex(raw[..length]);
    }

    /// <summary>SHA-256 of the UTF-8 text as 64 lowercase hex characters.</summary>
    /// <param name="raw">The raw ID text.</param>
    public static string Hash(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var max = Encoding.UTF8.GetMaxByteCount(raw.Length);
        byte[]? rented = null;
        var buffer = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var count = Encoding.UTF8.GetBytes(raw, buffer);
            return HashToHex(buffer[..count]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string HashToHex(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
#if NET9_0_OR_GREATER
        return Convert.ToHexStringLower(digest);
#else
        return string.Create(64, digest.ToArray(), static (chars, bytes) =>
        {
            const string hex = "0123456789abcdef";
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = hex[bytes[i] >> 4];
                chars[(2 * i) + 1] = hex[bytes[i] & 0xF];
            }
        });
#endif
    }
}
