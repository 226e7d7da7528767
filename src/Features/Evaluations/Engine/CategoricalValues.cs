using System.Runtime.CompilerServices;
using System.Text;

namespace ModelOpsPortal.Features.Evaluations.Engine;

/// <summary>A categorical column held as codes: each row's category is an index into <see cref="Names"/>.</summary>
public sealed class CategoricalValues
{
    private readonly int[] codes;

    public CategoricalValues(IReadOnlyList<string> names, int[] codes, int count)
    {
        ArgumentNullException.ThrowIfNull(codes);
        Names = names;
        this.codes = codes;
        Count = count;
    }

    /// <summary>The distinct categories in order of first appearance.</summary>
    public IReadOnlyList<string> Names { get; }

    public int Count { get; }

    public ReadOnlySpan<int> Codes => codes.AsSpan(0, Count);

    public static CategoricalValues Of(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new Builder();
        foreach (var value in values)
        {
            builder.Add(Encoding.UTF8.GetBytes(value));
        }

        return builder.Build();
    }

    /// <summary>Codes a column from its UTF-8 bytes, allocating a string only for a category not seen before.</summary>
    public sealed class Builder
    {
        /// <summary>Up to this many categories a linear scan of the bytes beats hashing.</summary>
        private const int LinearLimit = 16;

        private readonly List<byte[]> bytes = [];
        private readonly List<string> names = [];
        private readonly Dictionary<string, int> lookup = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> byChars;
        private char[] chars = new char[64];
        private int[] codes = new int[1024];
        private int count;

        public Builder()
        {
            byChars = lookup.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ReadOnlySpan<byte> utf8)
        {
            if (count == codes.Length)
            {
                Array.Resize(ref codes, codes.Length * 2);
            }

            codes[count++] = CodeOf(utf8);
        }

        public void Add(string value) => Add(Encoding.UTF8.GetBytes(value));

        public CategoricalValues Build() => new(names, codes, count);

        private int CodeOf(ReadOnlySpan<byte> utf8)
        {
            if (names.Count <= LinearLimit)
            {
                for (var i = 0; i < bytes.Count; i++)
                {
                    if (utf8.SequenceEqual(bytes[i]))
                    {
                        return i;
                    }
                }
            }
            else
            {
                if (chars.Length < utf8.Length)
                {
                    chars = new char[utf8.Length * 2];
                }

                var length = Encoding.UTF8.GetChars(utf8, chars);
                if (byChars.TryGetValue(chars.AsSpan(0, length), out var known))
                {
                    return known;
                }
            }

            var name = Encoding.UTF8.GetString(utf8);
            var code = names.Count;
            names.Add(name);
            bytes.Add(utf8.ToArray());
            lookup[name] = code;
            return code;
        }
    }
}
