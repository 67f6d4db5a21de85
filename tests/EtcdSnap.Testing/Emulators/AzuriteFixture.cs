using Azure.Storage.Blobs;
using EtcdSnap.Storage;

namespace EtcdSnap.Testing.Emulators;

/// <summary>Microsoft's Azure Storage emulator (azurite, blob service only) on 127.0.0.1 with one container.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Container = "etcdsnap-test";

    // Azurite's documented, public development account; not a secret.
    public const string Account = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private EmulatorProcess? _process;

    public string Endpoint => $"http://127.0.0.1:{_process?.Port}/{Account}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};BlobEndpoint={Endpoint};";

    public string Log => _process?.Log ?? "";

    public async Task InitializeAsync()
    {
        // --skipApiVersionCheck: the SDK may speak a newer service version than this azurite knows.
        // --disableTelemetry: azurite otherwise reports usage over the network; tests talk to 127.0.0.1 only.
        _process = await EmulatorProcess.StartAsync("azurite-blob", (port, dir) =>
            ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--location", dir, "--silent", "--skipApiVersionCheck", "--disableTelemetry"]);
        await new BlobContainerClient(ConnectionString, Container).CreateIfNotExistsAsync();
    }

    public static BackupStoreOptions Options(int partSize, IReadOnlyDictionary<string, string>? environment = null) => new()
    {
        PartSize = partSize,
        Environment = name => (environment ?? new Dictionary<string, string>
        {
            ["AZURE_STORAGE_ACCOUNT"] = Account,
            ["AZURE_STORAGE_KEY"] = AccountKey,
        }).GetValueOrDefault(name),
    };

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
