using System.Diagnostics;
using System.Globalization;
using Npgsql;

[assembly: AssemblyFixture(typeof(ModelOpsPortal.Tests.Support.PostgresCluster))]

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster (Debian's postgresql, installed on every machine of ours) in a temporary folder on a
/// free loopback port, started on first use and removed when the test run ends. Each test class asks for its own fresh
/// database. As root (CI) the server runs as the <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// Tests that need it are skipped, and say so, on a machine without PostgreSQL.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly SemaphoreSlim starting = new(1, 1);

    public PostgresCluster() => Current = this;

    /// <summary>The test run's cluster (an assembly fixture: one per run), for code that is not handed fixtures.</summary>
    public static PostgresCluster? Current { get; private set; }
    private string? folder;
    private string? bin;
    private int port;
    private int databases;

    /// <summary>The binaries of the newest installed PostgreSQL, or null.</summary>
    public static string? Binaries { get; } = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault()
        : null;

    /// <summary>A connection string to a new, empty database of its own.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct)
    {
        Assert.SkipWhen(Binaries is null, "PostgreSQL is not installed (apt-get install postgresql); every machine of ours and CI has it");
        await StartAsync(ct);
        var name = $"portal_{Environment.ProcessId}_{Interlocked.Increment(ref databases)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        return ConnectionString(name);
    }

    /// <summary>
    /// Closes the pooled connections to a database made by <see cref="CreateDatabaseAsync"/> and drops it, so that a long
    /// run does not reach the cluster's connection limit with pools of portals that are gone.
    /// </summary>
    public static void DropDatabase(string connectionString)
    {
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database!;
        builder.Database = "postgres";
        builder.Pooling = false;
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Include Error Detail=true";

    private async Task StartAsync(CancellationToken ct)
    {
        await starting.WaitAsync(ct);
        try
        {
            if (folder is not null)
            {
                return;
            }

            bin = Binaries!;
            var root = Path.Combine(Path.GetTempPath(), $"modelops-pg-{Guid.NewGuid():N}");
            Directory.CreateDirectory(root);
            var data = Path.Combine(root, "data");
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", ["postgres:postgres", root], asPostgres: false, ct);
            }

            await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"], asPostgres: true, ct);
            port = LoopbackApp.FreePort();
            // fsync off: a test database need not survive a power cut, and the suite runs far faster without it.
            var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "start"], asPostgres: true, ct);
            folder = root;
        }
        finally
        {
            starting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (folder is not null && bin is not null)
        {
            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"], asPostgres: true, CancellationToken.None);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        starting.Dispose();
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken ct)
    {
        var viaRunuser = asPostgres && Environment.UserName == "root";
        var start = new ProcessStartInfo(viaRunuser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (viaRunuser)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
