using System.Globalization;
using System.Text;

namespace ModelOpsPortal.Infrastructure.Csv;

/// <summary>
/// RFC 4180 CSV for exports: culture-invariant numbers, ISO 8601 UTC timestamps, quoted fields where needed.
/// Exports stay the same whatever language the user reads the portal in.
/// </summary>
public sealed class CsvWriter(Stream stream) : IAsyncDisposable
{
    private readonly StreamWriter writer = new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };

    public Task WriteRowAsync(params object?[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var line = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(Escape(Format(fields[i])));
        }

        return writer.WriteLineAsync(line.ToString());
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Escape(string field)
    {
        // A leading =, +, - or @ makes spreadsheets run the cell as a formula; prefix it (OWASP CSV injection).
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            field = "'" + field;
        }

        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    public async ValueTask DisposeAsync()
    {
        await writer.FlushAsync();
        await writer.DisposeAsync();
    }
}
