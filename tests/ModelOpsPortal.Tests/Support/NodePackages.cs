using System.Diagnostics;

namespace ModelOpsPortal.Tests.Support;

/// <summary>The npm packages a test runs (tests/oidc-provider, tests/openapi), installed once from their lock file.</summary>
public static class NodePackages
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The folder under tests/, with <c>npm ci</c> run there first when <paramref name="package"/> is not installed.</summary>
    public static async Task<string> EnsureAsync(string folder, string package)
    {
        var path = Path.Combine(RepositoryFiles.Root, "tests", folder);
        await Installing.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(path, "node_modules", package)))
            {
                using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = path })!;
                await npm.WaitForExitAsync();
                if (npm.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci failed in tests/{folder}; this test needs Node.js and the npm registry.");
                }
            }
        }
        finally
        {
            Installing.Release();
        }

        return path;
    }
}
