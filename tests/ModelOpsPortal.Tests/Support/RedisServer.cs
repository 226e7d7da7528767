using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// A real Redis server (Debian's redis-server, which .ci/run installs) on a free loopback port, without persistence,
/// stopped when the test ends. Tests that need one are skipped on a machine without redis-server.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process process;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(CancellationToken ct)
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(executable is null, "redis-server is not installed (apt-get install redis-server; .ci/run installs it)");
        var port = LoopbackApp.FreePort();

        var start = new ProcessStartInfo(executable!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var server = new RedisServer(Process.Start(start)!, port);
        server.process.OutputDataReceived += (_, _) => { };
        server.process.ErrorDataReceived += (_, _) => { };
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), ct);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer, ct);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return server;
                }
            }
            catch (SocketException)
            {
                // not listening yet
            }

            await Task.Delay(100, ct);
        }

        server.Dispose();
        throw new InvalidOperationException($"redis-server did not answer PING on port {port}.");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
