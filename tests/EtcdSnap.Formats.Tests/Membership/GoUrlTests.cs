using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Formats.Tests.Membership;

/// <summary>
/// Go net/url behaviour that etcd's IDs depend on, one rule at a time. Every http(s) case with a port is also pinned
/// by an etcdctl 3.4.23 fixture (restore/url-canonical-forms, url-oddities, errors/*); the cases with paths and
/// unix URLs follow Go's source only, because etcdctl 3.4 rejects such peer URLs before printing them.
/// </summary>
public sealed class GoUrlTests
{
    [Theory]
    [InlineData("HTTP://127.0.0.1:2380", "http://127.0.0.1:2380")]                 // scheme lower-cased, host kept
    [InlineData("http://Host.Example:2380", "http://Host.Example:2380")]
    [InlineData("http://[::1]:2380", "http://[::1]:2380")]
    [InlineData("http://u:p%40ss@h:1", "http://u:p%40ss@h:1")]                    // '@' in the password stays escaped
    [InlineData("http://u:p$s@h:1", "http://u:p$s@h:1")]
    [InlineData("http://h:1?a=1&b=2", "http://h:1?a=1&b=2")]                      // query kept as written
    [InlineData("http://h:1#fr ag", "http://h:1#fr%20ag")]                        // fragment escaped
    [InlineData("http://h:1?", "http://h:1?")]                                    // ForceQuery
    [InlineData("http://b%C3%BCcher:1", "http://b%C3%BCcher:1")]                  // non-ASCII host bytes re-escaped
    [InlineData("http://bücher:1", "http://b%C3%BCcher:1")]
    [InlineData("unix:///tmp/s", "unix:///tmp/s")]
    [InlineData("unix:/tmp/s", "unix:/tmp/s")]                                    // Go 1.19+ OmitHost
    [InlineData("unix:relative", "unix:relative")]                                // opaque
    [InlineData("http://h:1/a%2Fb", "http://h:1/a%2Fb")]                          // RawPath kept when it differs
    [InlineData("http://h:1/a b", "http://h:1/a%20b")]
    public void ToString_GoCanonicalForm(string input, string expected)
    {
        var url = GoUrl.TryParse(input, out var error);

        Assert.Null(error);
        Assert.Equal(expected, url!.ToString());
    }

    [Theory]
    [InlineData("http://h:1\n", "net/url: invalid control character in URL")]
    [InlineData(":2380", "missing protocol scheme")]
    [InlineData("http://h:x", "invalid port \":x\" after host")]
    [InlineData("http://[::1:1", "missing ']' in host")]
    [InlineData("http://h%41:1", "invalid URL escape \"%41\"")]                   // ASCII may not be %-escaped in hosts
    [InlineData("http://h h:1", "invalid character \" \" in host name")]
    [InlineData("http://a b@h:1", "net/url: invalid userinfo")]
    [InlineData("http://h:1/%zz", "invalid URL escape \"%zz\"")]
    public void TryParse_Invalid_ReturnsGoError(string input, string expected)
    {
        Assert.Null(GoUrl.TryParse(input, out var error));
        Assert.EndsWith(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("parse \"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:2380", null)]
    [InlineData("[::1]:2380", null)]
    [InlineData("h:", null)]
    [InlineData("127.0.0.1", "missing port in address")]
    [InlineData("::1:2380", "too many colons in address")]
    [InlineData("[::1]", "missing port in address")]
    [InlineData("[::1]x:1", "missing port in address")]
    [InlineData("[::1]:1:2", "too many colons in address")]
    [InlineData("[::1:2380", "missing ']' in address")]
    [InlineData("a]:1", "unexpected ']' in address")]
    public void SplitHostPortError_LikeGoNet(string hostPort, string? expected)
    {
        Assert.Equal(expected, GoNet.SplitHostPortError(System.Text.Encoding.UTF8.GetBytes(hostPort)));
    }

    [Fact]
    public void PeerUrls_TrimsAndSortsCanonicalStrings()
    {
        var urls = PeerUrls.Parse([" http://b:1 ", "HTTP://a:1", "https://a:1"]);

        Assert.Equal(["http://a:1", "http://b:1", "https://a:1"], urls);
    }
}
