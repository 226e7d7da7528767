namespace ModelOpsPortal.Tests.Support;

/// <summary>The repository's own source files, for tests that read them (localization scans).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Source => Path.Combine(Root, "src");

    /// <summary>The reference data beside the repository (../shared/testdata), as CI lays it out.</summary>
    public static string TestData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "testdata"));

    public static IEnumerable<string> Under(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ModelOpsPortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ModelOpsPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
