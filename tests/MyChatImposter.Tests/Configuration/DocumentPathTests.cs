using MyChatImposter.Configuration;

namespace MyChatImposter.Tests.Configuration;

public sealed class DocumentPathTests
{
    [Theory]
    [InlineData(null, "$")]
    [InlineData("$", "$")]
    [InlineData("$.user_id", "user_id")]
    [InlineData("$.features.periodic_group_tracking.tracked_groups[0].displayName", "features.periodic_group_tracking.tracked_groups[0].displayName")]
    public void Serializer_paths_become_document_paths(string? serializerPath, string expected) =>
        Assert.Equal(expected, DocumentPath.FromJsonExceptionPath(serializerPath));

    [Fact]
    public void Paths_are_built_the_way_the_document_is_addressed()
    {
        var groups = DocumentPath.Property(DocumentPath.Property(DocumentPath.Root, "features"), "tracked_groups");

        Assert.Equal("features.tracked_groups[2].displayName", DocumentPath.Property(DocumentPath.Item(groups, 2), "displayName"));
    }
}
