using System.Globalization;
using System.Text;
using ModelOpsPortal.Infrastructure.Csv;

namespace ModelOpsPortal.Tests.Platform;

public sealed class CsvWriterTests
{
    private static async Task<string> WriteAsync(params object?[] fields)
    {
        using var stream = new MemoryStream();
        await using (var csv = new CsvWriter(stream))
        {
            await csv.WriteRowAsync(fields);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Fields_with_commas_quotes_or_newlines_are_quoted()
    {
        Assert.Equal("\"a,b\",\"say \"\"hi\"\"\",\"x\ny\"\r\n", await WriteAsync("a,b", "say \"hi\"", "x\ny"));
    }

    [Fact]
    public async Task Numbers_and_dates_are_culture_invariant_and_utc()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var line = await WriteAsync(1234.5, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), new DateOnly(2026, 1, 2), null);
            Assert.Equal("1234.5,2026-01-02T03:04:05Z,2026-01-02,\r\n", line);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task Text_that_a_spreadsheet_would_run_as_a_formula_is_defused()
    {
        Assert.Equal("'=HYPERLINK(1),-3\r\n", await WriteAsync("=HYPERLINK(1)", -3));
    }
}
