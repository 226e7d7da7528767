namespace ModelOpsPortal.Tests.Support;

/// <summary>The repository's own source files, for tests that read them (localization scans).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Source => Path.Combine(Root, "src");

    /// <summary>
    /// The metrics engine's reference data, kept in the repository (copied from the team's shared/testdata; see its
    /// README) so that a clone anywhere passes its tests.
    /// </summary>
    public static string TestData => Path.Combine(Root, "tests", "ModelOpsPortal.Tests", "TestData");

    /// <summary>The files of <see cref="TestData"/> that the suite reads; a test fails naming any that is missing.</summary>
    public static IReadOnlyList<string> TestDataFiles { get; } =
    [
        "README.md",
        "evaluation/reference.csv",
        "evaluation/current.csv",
        "evaluation/current_ties.csv",
        "evaluation/expected_current.json",
        "evaluation/expected_current_ties.json",
        "regression/regression.csv",
        "regression/expected_regression.json",
    ];

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
