using System.Globalization;
using System.Text;
using ModelOpsPortal.Infrastructure.Csv;

namespace ModelOpsPortal.Tests.Platform;

public sealed class CsvReaderTests
{
    /// <summary>A stream that hands out at most a few bytes per read, so every row straddles block boundaries.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    private static async Task<(List<string[]> Rows, List<int> Lines)> ReadAsync(string text, int chunk = int.MaxValue)
    {
        var csv = new CsvReader(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk));
        var rows = new List<string[]>();
        var lines = new List<int>();
        while (await csv.ReadRowAsync(TestContext.Current.CancellationToken))
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
            lines.Add(csv.RowLine);
        }

        return (rows, lines);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Quoted_fields_doubled_quotes_line_breaks_and_crlf(int chunk)
    {
        const string text = "\uFEFFa,b,c\r\n1,\"x, y\",3\r\n\"he said \"\"hi\"\"\",\"two\nlines\",\r\n4,5,6";

        var (rows, lines) = await ReadAsync(text, chunk);

        Assert.Equal(4, rows.Count);
        Assert.Equal(["a", "b", "c"], rows[0]);
        Assert.Equal(["1", "x, y", "3"], rows[1]);
        Assert.Equal(["he said \"hi\"", "two\nlines", ""], rows[2]);
        Assert.Equal(["4", "5", "6"], rows[3]);
        Assert.Equal([1, 2, 3, 5], lines);
    }

    [Fact]
    public async Task Blank_lines_are_rows_of_one_empty_field_and_a_final_newline_adds_no_row()
    {
        var (rows, _) = await ReadAsync("a\n\nb\n");

        Assert.Equal([["a"], [""], ["b"]], rows);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(2)]
    public async Task An_unclosed_quote_names_its_line_and_column(int chunk)
    {
        var error = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAsync("a,b\n1,2\n3,\"never closed\n4,5\n", chunk));

        Assert.Equal(CsvProblem.UnclosedQuote, error.Problem);
        Assert.Equal(3, error.Line);
        Assert.Equal(2, error.Column);
    }

    [Fact]
    public async Task Korean_text_survives_block_boundaries()
    {
        var (rows, _) = await ReadAsync("지역,값\n서울,1\n\"부산, 해운대\",2\n", chunk: 1);

        Assert.Equal(["서울", "1"], rows[1]);
        Assert.Equal(["부산, 해운대", "2"], rows[2]);
    }

    [Fact]
    public void The_fast_number_parser_agrees_bit_for_bit_with_the_framework()
    {
        var random = new Random(7);
        var samples = new List<string> { "0", "-0", "+1", ".5", "5.", "0.393496", "123456789012345", "1234567890123456", "1e-5", " 2.5", "2.5 ", "NaN", "", ".", "-", "1.2.3", "0x10", "١" };
        for (var i = 0; i < 20_000; i++)
        {
            var digits = random.Next(1, 18);
            var text = random.NextInt64(0, (long)Math.Pow(10, Math.Min(digits, 18))).ToString(CultureInfo.InvariantCulture);
            var point = random.Next(0, text.Length + 1);
            samples.Add((random.Next(4) == 0 ? "-" : "") + text[..point] + (point < text.Length ? "." : "") + text[point..]);
        }

        foreach (var sample in samples)
        {
            var expectedOk = double.TryParse(sample, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected);
            var ok = Utf8Number.TryParse(Encoding.UTF8.GetBytes(sample), out var actual);
            Assert.True(expectedOk == ok, $"'{sample}': framework {expectedOk}, fast parser {ok}");
            Assert.True(!ok || BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"'{sample}': {expected:R} vs {actual:R}");
        }
    }
}
