namespace EtcdSnap.Formats.Tests;

public sealed class OneLineTests
{
    [Theory]
    [InlineData("plain /registry/pods/a", "plain /registry/pods/a")]
    [InlineData("a\nb\r\tc", "a\\nb\\r\\tc")]
    [InlineData("bell\u0007 esc\u001b[31m", "bell\\u0007 esc\\u001b[31m")]
    public void Escape_ControlCharacters_AreEscapedAndTheRestKept(string text, string expected) =>
        Assert.Equal(expected, OneLine.Escape(text));

    [Fact]
    public void Flatten_LineBreaks_BecomeSpacesAndEndsAreTrimmed() =>
        Assert.Equal("first second  third", OneLine.Flatten("first\nsecond\r\n third\n"));

    [Theory]
    [InlineData("summary\n<xml>dump</xml>", "summary")]
    [InlineData("summary\r\nmore", "summary")]
    [InlineData("only line", "only line")]
    public void FirstLine_KeepsTheTextBeforeTheFirstBreak(string text, string expected) =>
        Assert.Equal(expected, OneLine.FirstLine(text));
}
