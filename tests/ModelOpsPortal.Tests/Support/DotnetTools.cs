using System.Diagnostics;

namespace ModelOpsPortal.Tests.Support;

/// <summary>The repository's local .NET tools (.config/dotnet-tools.json: dotnet-ef, kiota), restored once and run.</summary>
public static class DotnetTools
{
    private static readonly SemaphoreSlim Restoring = new(1, 1);
    private static bool restored;

    /// <summary>Runs <c>dotnet &lt;tool&gt; args</c> in the repository root; the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> args, CancellationToken ct)
    {
        await Restoring.WaitAsync(ct);
        try
        {
            if (!restored)
            {
                var (code, output) = await DotnetAsync(["tool", "restore"], ct);
                restored = code == 0 ? true : throw new InvalidOperationException($"dotnet tool restore failed; this test needs the NuGet feed.\n{output}");
            }
        }
        finally
        {
            Restoring.Release();
        }

        return await DotnetAsync([tool, .. args], ct);
    }

    private static async Task<(int, string)> DotnetAsync(IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output + await errors);
    }
}
