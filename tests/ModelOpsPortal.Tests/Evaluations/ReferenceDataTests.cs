using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>
/// The reference data lives in the repository, so a clone anywhere runs the suite. A missing file fails here with its
/// name rather than deep inside a helper.
/// </summary>
public sealed class ReferenceDataTests
{
    public static TheoryData<string> Files => [.. RepositoryFiles.TestDataFiles];

    [Theory]
    [MemberData(nameof(Files))]
    public void The_reference_file_is_in_the_repository(string relative)
    {
        var path = Path.Combine(RepositoryFiles.TestData, relative);
        Assert.True(File.Exists(path), $"Reference data file missing: {RepositoryFiles.Relative(path)} (copy it from shared/testdata).");
        Assert.True(new FileInfo(path).Length > 0, $"Reference data file is empty: {RepositoryFiles.Relative(path)}.");
    }

    [Fact]
    public void The_suite_does_not_read_outside_the_repository()
    {
        Assert.StartsWith(RepositoryFiles.Root, Path.GetFullPath(RepositoryFiles.TestData), StringComparison.Ordinal);
    }
}
