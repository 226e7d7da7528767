using System.Runtime.CompilerServices;
using System.Text;

namespace ModelOpsPortal.Infrastructure.Csv;

/// <summary>A row the reader cannot take apart, at the 1-based line and column where the problem starts.</summary>
public sealed class CsvFormatException(CsvProblem problem, int line, int column)
    : Exception($"Line {line}, column {column}: {problem}.")
{
    public CsvProblem Problem { get; } = problem;
    public int Line { get; } = line;
    public int Column { get; } = column;
}

public enum CsvProblem
{
    /// <summary>A quoted field that never closes.</summary>
    UnclosedQuote,

    /// <summary>A single row longer than <see cref="CsvReader.MaxRowBytes"/>.</summary>
    RowTooLong,
}

/// <summary>
/// Streams UTF-8 RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) row by row straight from the bytes, keeping
/// the line number of each row so that errors can name it. Only the block being read is held in memory; fields are
/// handed out as byte spans, so a million-row upload allocates almost nothing per row. Rows without quotes (the
/// usual case) are split with vectorised searches; a row with a quote goes through the full state machine.
/// </summary>
public sealed class CsvReader(Stream stream)
{
    /// <summary>A reader whose first bytes were already taken from the stream (to sniff the format).</summary>
    public CsvReader(Stream stream, ReadOnlySpan<byte> alreadyRead)
        : this(stream)
    {
        alreadyRead.CopyTo(buffer);
        end = alreadyRead.Length;
    }

    /// <summary>One row may not be longer than this (16 MiB): a guard against a body that is one endless line.</summary>
    public const int MaxRowBytes = 16 << 20;

    /// <summary>Each refill gathers at least this much (or up to the end of the stream).</summary>
    private const int MinimumBlock = 256 << 10;

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private byte[] buffer = new byte[1 << 20];
    private int start;
    private int end;
    private bool endOfStream;
    private bool started;
    private int line = 1;

    // Bytes of the stream before buffer[0] (dropped by compaction), so that a field's place in the file can be named.
    private long discarded;

    // The current row's fields: ranges into `row`, which is the block buffer or, for a row with quotes, `unquoted`.
    private byte[] row = [];
    private int[] fieldStarts = new int[32];
    private int[] fieldLengths = new int[32];
    private byte[] unquoted = new byte[1024];

    /// <summary>The line on which the current row starts (rows may span lines inside quotes).</summary>
    public int RowLine { get; private set; }

    /// <summary>The number of fields in the current row.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The raw bytes of field <paramref name="index"/> of the current row (quotes removed).</summary>
    public ReadOnlySpan<byte> this[int index] => row.AsSpan(fieldStarts[index], fieldLengths[index]);

    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>The 0-based byte offset in the stream of the current row's start.</summary>
    public long RowOffset { get; private set; }

    /// <summary>
    /// The 0-based byte offset in the stream of byte <paramref name="within"/> of field <paramref name="index"/>: exact for
    /// a row without quotes; for a quoted row (whose fields were copied without their quotes), the row's start.
    /// </summary>
    public long OffsetOf(int index, int within) => ReferenceEquals(row, buffer) ? discarded + fieldStarts[index] + within : RowOffset;

    /// <summary>True when the current row is an empty line.</summary>
    public bool IsBlankLine => FieldCount == 1 && fieldLengths[0] == 0;

    /// <returns>True with the next row in place, or false at the end of the stream.</returns>
    public async ValueTask<bool> ReadRowAsync(CancellationToken ct = default)
    {
        while (true)
        {
            switch (TryTakeRow())
            {
                case Take.Row:
                    return true;
                case Take.End:
                    return false;
                default:
                    await FillAsync(ct);
                    break;
            }
        }
    }

    /// <summary>Reads every row into string arrays; for small files and tests.</summary>
    public async Task<List<string[]>> ReadAllAsync(CancellationToken ct = default)
    {
        var rows = new List<string[]>();
        while (await ReadRowAsync(ct))
        {
            var fields = new string[FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = GetString(i);
            }

            rows.Add(fields);
        }

        return rows;
    }

    private enum Take { Row, NeedMore, End }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Take TryTakeRow()
    {
        if (!started)
        {
            return Take.NeedMore;
        }

        var available = buffer.AsSpan(start, end - start);
        if (available.IsEmpty)
        {
            return endOfStream ? Take.End : Take.NeedMore;
        }

        var stop = available.IndexOfAny((byte)'\n', (byte)'"');
        if (stop >= 0 && available[stop] == (byte)'"')
        {
            return TakeQuotedRow();
        }

        if (stop < 0 && !endOfStream)
        {
            return Take.NeedMore;
        }

        var length = stop < 0 ? available.Length : stop;
        var content = length > 0 && available[length - 1] == (byte)'\r' ? length - 1 : length;
        RowOffset = discarded + start;
        SplitUnquoted(start, content);
        RowLine = line;
        if (stop >= 0)
        {
            line++;
            start += length + 1;
        }
        else
        {
            start += length;
        }

        return Take.Row;
    }

    /// <summary>Splits a row without quotes at its commas; fields point into the block buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SplitUnquoted(int offset, int length)
    {
        row = buffer;
        var count = 0;
        var rest = buffer.AsSpan(offset, length);
        var position = offset;
        while (true)
        {
            var comma = rest.IndexOf((byte)',');
            EnsureFieldCapacity(count + 1);
            fieldStarts[count] = position;
            if (comma < 0)
            {
                fieldLengths[count++] = rest.Length;
                break;
            }

            fieldLengths[count++] = comma;
            position += comma + 1;
            rest = rest[(comma + 1)..];
        }

        FieldCount = count;
    }

    /// <summary>
    /// The state machine for a row with quotes, which may run over several lines. Fields are unescaped into a
    /// scratch buffer. If the block ends before the row does, nothing is consumed and more is read first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Take TakeQuotedRow()
    {
        RowOffset = discarded + start;
        var available = buffer.AsSpan(start, end - start);
        var written = 0;
        var count = 0;
        var fieldBegin = 0;
        var inQuotes = false;
        var fieldStartedQuoted = false;
        var lines = 0;
        var quoteColumn = 0;
        EnsureUnquotedCapacity(available.Length);
        for (var i = 0; i < available.Length; i++)
        {
            var c = available[i];
            if (inQuotes)
            {
                if (c == (byte)'"')
                {
                    if (i + 1 == available.Length && !endOfStream)
                    {
                        return Take.NeedMore; // cannot tell a closing quote from a doubled one yet
                    }

                    if (i + 1 < available.Length && available[i + 1] == (byte)'"')
                    {
                        unquoted[written++] = c;
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    lines += c == (byte)'\n' ? 1 : 0;
                    unquoted[written++] = c;
                }

                continue;
            }

            switch (c)
            {
                case (byte)'"' when written == fieldBegin && !fieldStartedQuoted:
                    inQuotes = true;
                    fieldStartedQuoted = true;
                    quoteColumn = count + 1;
                    break;
                case (byte)',':
                    AddField(ref count, fieldBegin, written);
                    fieldBegin = written;
                    fieldStartedQuoted = false;
                    break;
                case (byte)'\n':
                    if (written > fieldBegin && unquoted[written - 1] == (byte)'\r' && !fieldStartedQuoted)
                    {
                        written--;
                    }

                    AddField(ref count, fieldBegin, written);
                    FinishQuotedRow(count, lines + 1, i + 1);
                    return Take.Row;
                case (byte)'\r' when fieldStartedQuoted:
                    break; // the CR of a CRLF after a closing quote
                default:
                    unquoted[written++] = c;
                    break;
            }
        }

        if (!endOfStream)
        {
            return Take.NeedMore;
        }

        if (inQuotes)
        {
            throw new CsvFormatException(CsvProblem.UnclosedQuote, line, quoteColumn);
        }

        AddField(ref count, fieldBegin, written);
        FinishQuotedRow(count, lines, available.Length);
        return Take.Row;
    }

    private void AddField(ref int count, int from, int to)
    {
        EnsureFieldCapacity(count + 1);
        fieldStarts[count] = from;
        fieldLengths[count] = to - from;
        count++;
    }

    private void FinishQuotedRow(int count, int linesUsed, int consumed)
    {
        row = unquoted;
        FieldCount = count;
        RowLine = line;
        line += linesUsed;
        start += consumed;
    }

    private async ValueTask FillAsync(CancellationToken ct)
    {
        if (start > 0)
        {
            discarded += start;
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            if (buffer.Length >= MaxRowBytes)
            {
                throw new CsvFormatException(CsvProblem.RowTooLong, line, 1);
            }

            Array.Resize(ref buffer, buffer.Length * 2);
        }

        // A network stream hands out a few kilobytes at a time; gather a good block before parsing resumes.
        var wanted = Math.Min(buffer.Length, end + MinimumBlock);
        do
        {
            var read = await stream.ReadAsync(buffer.AsMemory(end), ct);
            if (read == 0)
            {
                endOfStream = true;
                break;
            }

            end += read;
        }
        while (end < wanted);
        if (!started && (end >= Bom.Length || endOfStream))
        {
            started = true;
            if (buffer.AsSpan(0, end).StartsWith(Bom))
            {
                start = Bom.Length;
            }
        }
    }

    private void EnsureFieldCapacity(int count)
    {
        if (count > fieldStarts.Length)
        {
            Array.Resize(ref fieldStarts, fieldStarts.Length * 2);
            Array.Resize(ref fieldLengths, fieldLengths.Length * 2);
        }
    }

    private void EnsureUnquotedCapacity(int length)
    {
        if (length > unquoted.Length)
        {
            unquoted = new byte[Math.Max(length, unquoted.Length * 2)];
        }
    }
}
