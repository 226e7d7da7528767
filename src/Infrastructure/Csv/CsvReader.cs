using System.Text;

namespace ModelOpsPortal.Infrastructure.Csv;

/// <summary>A quoted field that never closes, at the 1-based line and column where it starts.</summary>
public sealed class CsvFormatException(int line, int column)
    : Exception($"Line {line}, column {column}: a quoted field is never closed.")
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}

/// <summary>
/// Streams RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) row by row, keeping the line number of each
/// row so that errors can name it. Rows are not buffered beyond the one being read.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private readonly StringBuilder field = new();
    private readonly char[] buffer = new char[64 * 1024];
    private int position;
    private int length;
    private int line = 1;

    /// <summary>The line on which the last row returned by <see cref="ReadRowAsync"/> started.</summary>
    public int RowLine { get; private set; }

    /// <returns>The fields of the next row, or null at the end.</returns>
    public async Task<string[]?> ReadRowAsync(CancellationToken ct = default)
    {
        var fields = new List<string>();
        var inQuotes = false;
        var any = false;
        RowLine = line;
        field.Clear();
        while (true)
        {
            var next = await ReadCharAsync(ct);
            if (next < 0)
            {
                if (inQuotes)
                {
                    throw new CsvFormatException(RowLine, fields.Count + 1);
                }

                if (!any)
                {
                    return null;
                }

                fields.Add(field.ToString());
                return [.. fields];
            }

            any = true;
            var c = (char)next;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (await PeekCharAsync(ct) == '"')
                    {
                        position++;
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    line++;
                    fields.Add(field.ToString());
                    return [.. fields];
                default:
                    field.Append(c);
                    break;
            }
        }
    }

    /// <summary>The next character, or -1 at the end; reads the stream a block at a time.</summary>
    private async ValueTask<int> ReadCharAsync(CancellationToken ct)
    {
        var c = await PeekCharAsync(ct);
        if (c >= 0)
        {
            position++;
        }

        return c;
    }

    private async ValueTask<int> PeekCharAsync(CancellationToken ct)
    {
        if (position == length)
        {
            length = await reader.ReadAsync(buffer.AsMemory(), ct);
            position = 0;
            if (length == 0)
            {
                return -1;
            }
        }

        return buffer[position];
    }
}
