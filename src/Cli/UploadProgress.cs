using System.Globalization;

namespace ModelOps.Cli;

/// <summary>A file being uploaded, reporting how much was sent: a line at every further tenth, on the error stream.</summary>
public sealed class UploadProgress(Stream inner, string name, TextWriter report) : Stream
{
    private readonly long length = inner.Length;
    private long sent;
    private int reportedTenths = -1;

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        sent += read;
        var tenths = length == 0 ? 10 : (int)(sent * 10 / length);
        if (tenths > reportedTenths)
        {
            reportedTenths = tenths;
            report.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Uploading {name}: {tenths * 10}% ({Megabytes(sent)} of {Megabytes(length)} MB)"));
        }

        return read;
    }

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
