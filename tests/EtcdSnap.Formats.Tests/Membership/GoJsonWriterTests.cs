using System.Text;
using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Formats.Tests.Membership;

public sealed class GoJsonWriterTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("<&>", "\"\\u003c\\u0026\\u003e\"")]
    [InlineData("\n\r\t", "\"\\n\\r\\t\"")]
    [InlineData("\b\f\u0001\u001f", "\"\\u0008\\u000c\\u0001\\u001f\"")]     // Go 1.19 (etcd 3.4.23)
    [InlineData("\u2028\u2029", "\"\\u2028\\u2029\"")]
    [InlineData("ü+'/\u007f", "\"ü+'/\u007f\"")]                            // raw, unlike System.Text.Json
    public void String_EscapesLikeGoEncodingJson(string input, string expected)
    {
        var bytes = new GoJsonWriter().String(input).ToArray();

        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void String_LoneSurrogate_BecomesReplacementCharacter()
    {
        var bytes = new GoJsonWriter().String("a" + (char)0xD800 + "b").ToArray();

        Assert.Equal("\"a\ufffdb\"", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void MemberJson_FieldOrderAndOmitEmpty()
    {
        var member = new Member(4533251393063798923, "m1", ["http://127.0.0.1:31480"]);

        Assert.Equal("""{"id":4533251393063798923,"peerURLs":["http://127.0.0.1:31480"],"name":"m1"}""",
            Encoding.UTF8.GetString(MemberJson.Serialize(member)));
        Assert.Equal("""{"id":1,"peerURLs":["u"],"isLearner":true,"clientURLs":["c"]}""",
            Encoding.UTF8.GetString(MemberJson.Serialize(new Member(1, "", ["u"]) { IsLearner = true, ClientUrls = ["c"] })));
        Assert.Equal("""{"peerURLs":["http://127.0.0.1:31480"]}""", Encoding.UTF8.GetString(MemberJson.SerializeRaftAttributes(member)));
    }
}
