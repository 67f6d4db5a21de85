using EtcdSnap.Storage;

namespace EtcdSnap.Testing.Emulators;

/// <summary>A real S3-compatible server (s3rver) on 127.0.0.1 with one bucket, shared by a test class.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "etcdsnap-test";

    // s3rver's fixed development credentials; it checks request signatures against them.
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private EmulatorProcess? _process;

    public int Port => _process?.Port ?? throw new InvalidOperationException("s3rver is not running");

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public string Log => _process?.Log ?? "";

    public async Task InitializeAsync() =>
        _process = await EmulatorProcess.StartAsync("s3rver", (port, dir) =>
            ["--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--directory", dir, "--silent", "--configure-bucket", Bucket]);

    public static BackupStoreOptions Options(int partSize, string accessKey = AccessKey, string secretKey = SecretKey) => new()
    {
        PartSize = partSize,
        Environment = name => name switch
        {
            "AWS_ACCESS_KEY_ID" => accessKey,
            "AWS_SECRET_ACCESS_KEY" => secretKey,
            _ => null,
        },
    };

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
