using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Durable.Protocol;

/// <summary>
/// Finds the operations of a scanned envelope by ID without materializing ID strings: an open-addressing table of
/// compact slots (hash, byte ranges, type), about 24 bytes per operation. Lookups hash the ID's UTF-8 bytes and
/// confirm the match against the bytes in the envelope. This keeps a replay's long-lived memory small, so its
/// cost per step stays flat as histories grow. Later duplicates of an ID replace earlier ones. Not thread-safe;
/// the owner locks.
/// </summary>
internal sealed class EnvelopeIndex
{
    private static readonly EnvelopeOperationConverter Decoder = new();

    private readonly ReadOnlyMemory<byte> _json;
    private Slot[] _slots = new Slot[16];
    private int[] _buckets = [];
    private int _count;
    private Dictionary<int, string>? _escapedIds;

    public EnvelopeIndex(ReadOnlyMemory<byte> json) => _json = json;

    public int Count => _count;

    /// <summary>Records an operation found by the scanner. Call <see cref="Seal"/> once all are added.</summary>
    public void Add(int start, int length, int idStart, int idLength, string? escapedId, OperationType type)
    {
        if (_count == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        var hash = escapedId is null ? Hash(_json.Span.Slice(idStart, idLength)) : Hash(escapedId);
        if (escapedId is not null)
        {
            (_escapedIds ??= [])[_count] = escapedId;
        }

        _slots[_count++] = new Slot(hash, start, length, idStart, idLength, type);
    }

    /// <summary>Builds the lookup table; later duplicates of an ID win.</summary>
    public void Seal()
    {
        var size = 16;
        while (size < _count * 2)
        {
            size <<= 1;
        }

        _buckets = new int[size];
        for (var i = 0; i < _count; i++)
        {
            var bucket = (int)(_slots[i].Hash & (uint)(size - 1));
            while (true)
            {
                var occupant = _buckets[bucket] - 1;
                if (occupant < 0)
                {
                    _buckets[bucket] = i + 1;
                    break;
                }

                if (_slots[occupant].Hash == _slots[i].Hash && SameId(occupant, i))
                {
                    _buckets[bucket] = i + 1;
                    break;
                }

                bucket = (bucket + 1) & (size - 1);
            }
        }
    }

    /// <summary>The slot of <paramref name="id"/>, or -1.</summary>
    public int Find(string id)
    {
        if (_buckets.Length == 0)
        {
            return -1;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = null;
        var utf8 = maxBytes <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            utf8 = utf8[..Encoding.UTF8.GetBytes(id, utf8)];
            var hash = Hash(utf8);
            var bucket = (int)(hash & (uint)(_buckets.Length - 1));
            while (true)
            {
                var slot = _buckets[bucket] - 1;
                if (slot < 0)
                {
                    return -1;
                }

                if (_slots[slot].Hash == hash && IdEquals(slot, utf8, id))
                {
                    return slot;
                }

                bucket = (bucket + 1) & (_buckets.Length - 1);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public OperationType TypeAt(int slot) => _slots[slot].Type;

    /// <summary>Every live slot (the last occurrence of each ID), for scans by type.</summary>
    public IEnumerable<int> Slots()
    {
        foreach (var bucket in _buckets)
        {
            if (bucket > 0)
            {
                yield return bucket - 1;
            }
        }
    }

    /// <summary>Decodes the operation in <paramref name="slot"/>, reusing <paramref name="id"/> (found by <see cref="Find"/>) as its ID.</summary>
    /// <exception cref="JsonException">The operation's JSON is malformed.</exception>
    public Operation Decode(int slot, string? id = null)
    {
        var entry = _slots[slot];
        var reader = new Utf8JsonReader(_json.Span.Slice(entry.Start, entry.Length));
        reader.Read();
        return Decoder.Read(ref reader, EnvelopeJsonContext.Default.Options, id);
    }

    private bool SameId(int a, int b)
    {
        if (_escapedIds is not null && (_escapedIds.ContainsKey(a) || _escapedIds.ContainsKey(b)))
        {
            return IdString(a) == IdString(b);
        }

        var span = _json.Span;
        return span.Slice(_slots[a].IdStart, _slots[a].IdLength).SequenceEqual(span.Slice(_slots[b].IdStart, _slots[b].IdLength));
    }

    private bool IdEquals(int slot, ReadOnlySpan<byte> utf8, string id) =>
        _escapedIds is not null && _escapedIds.TryGetValue(slot, out var escaped)
            ? escaped == id
            : _json.Span.Slice(_slots[slot].IdStart, _slots[slot].IdLength).SequenceEqual(utf8);

    private string IdString(int slot) =>
        _escapedIds is not null && _escapedIds.TryGetValue(slot, out var escaped)
            ? escaped
            : Encoding.UTF8.GetString(_json.Span.Slice(_slots[slot].IdStart, _slots[slot].IdLength));

    private static ulong Hash(string id)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(id.Length, 256))];
        return id.Length <= 256 ? Hash(utf8[..Encoding.UTF8.GetBytes(id, utf8)]) : Hash(Encoding.UTF8.GetBytes(id));
    }

    /// <summary>FNV-1a over the UTF-8 bytes; the IDs are hex digests, so this spreads well.</summary>
    private static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = 14695981039346656037ul;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 1099511628211ul;
        }

        return hash;
    }

    private readonly record struct Slot(ulong Hash, int Start, int Length, int IdStart, int IdLength, OperationType Type);
}
