using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EtcdSnap.Formats;

namespace EtcdSnap.Etcd;

/// <summary>The CA bundle and client certificate read from PEM files once, shared by every endpoint's channel.</summary>
internal sealed class EtcdTlsCredentials : IDisposable
{
    private readonly X509Certificate2Collection? _trustedCas;
    private readonly X509Certificate2? _clientCertificate;
    private readonly X509Certificate2Collection? _clientIntermediates;
    private readonly SslStreamCertificateContext? _clientContext;

    private EtcdTlsCredentials(string? caPath, X509Certificate2Collection? cas, string? certPath, X509Certificate2? cert,
        X509Certificate2Collection? intermediates)
    {
        CaCertPath = caPath;
        _trustedCas = cas;
        ClientCertPath = certPath;
        _clientCertificate = cert;
        _clientIntermediates = intermediates;
        if (cert is not null)
        {
            // A context (rather than ClientCertificates) makes SslStream send this certificate whatever CA names the
            // server asks for; otherwise a certificate from another CA is silently left out and etcd reports
            // "client didn't provide a certificate", which hides the real problem.
            _clientContext = SslStreamCertificateContext.Create(cert, intermediates, offline: true);
        }
    }

    /// <summary>The <c>--cacert</c> path; null when the system trust store is used.</summary>
    public string? CaCertPath { get; }

    /// <summary>The <c>--cert</c> path; null when no client certificate is sent.</summary>
    public string? ClientCertPath { get; }

    public bool HasClientCertificate => _clientCertificate is not null;

    /// <summary>Subject of the client certificate, for messages.</summary>
    public string? ClientSubject => _clientCertificate?.Subject;

    /// <summary>True when the client certificate chains to the <c>--cacert</c> bundle (the usual kubeadm setup).</summary>
    public bool? ClientCertificateSignedByCaCert()
    {
        if (_clientCertificate is null || _trustedCas is null)
        {
            return null;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustedCas);
        if (_clientIntermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(_clientIntermediates);
        }

        // Only the signature path matters here; an expired client certificate has its own message from the server.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        return chain.Build(_clientCertificate);
    }

    /// <summary>Reads the PEM files named in <paramref name="options"/>; with none set, the result trusts the system
    /// store and sends no client certificate.</summary>
    /// <exception cref="EtcdConfigurationException">A file is missing, unreadable or not the expected PEM.</exception>
    public static EtcdTlsCredentials Load(EtcdConnectionOptions options)
    {
        X509Certificate2Collection? cas = null;
        if (options.CaCertPath is { } caPath)
        {
            cas = ReadCertificates("--cacert", caPath);
        }

        X509Certificate2? cert = null;
        X509Certificate2Collection? intermediates = null;
        if (options.ClientCertPath is { } certPath && options.ClientKeyPath is { } keyPath)
        {
            var all = ReadCertificates("--cert", certPath);
            CheckReadable("--key", keyPath);
            try
            {
                cert = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            }
            catch (CryptographicException e)
            {
                throw new EtcdConfigurationException(
                    $"--cert \"{certPath}\" / --key \"{keyPath}\": cannot use the pair: {OneLine.Flatten(e.Message)}", e)
                {
                    Hint = "the key must be the unencrypted PEM key of the first certificate in --cert",
                };
            }

            intermediates = [];
            for (var i = 1; i < all.Count; i++)
            {
                intermediates.Add(all[i]);
            }
        }

        return new EtcdTlsCredentials(options.CaCertPath, cas, options.ClientCertPath, cert, intermediates);
    }

    /// <summary>TLS settings for one endpoint; the validation callback records what it found in <paramref name="evidence"/>.</summary>
    public SslClientAuthenticationOptions CreateSslOptions(ConnectionEvidence evidence)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            ClientCertificateContext = _clientContext,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // The chain is built with the policy below; the callback only records the verdict, so that a failure can be
            // explained as "not trusted by --cacert (PartialChain)" instead of a generic handshake error.
            RemoteCertificateValidationCallback = (_, _, chain, errors) =>
            {
                evidence.ServerCertificateChecked(errors, chain);
                return errors == SslPolicyErrors.None;
            },
        };
        if (_trustedCas is not null)
        {
            ssl.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            ssl.CertificateChainPolicy.CustomTrustStore.AddRange(_trustedCas);
        }

        return ssl;
    }

    public void Dispose()
    {
        _clientCertificate?.Dispose();
        if (_trustedCas is not null)
        {
            foreach (var c in _trustedCas)
            {
                c.Dispose();
            }
        }
    }

    private static X509Certificate2Collection ReadCertificates(string flag, string path)
    {
        CheckReadable(flag, path);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (CryptographicException e)
        {
            throw new EtcdConfigurationException($"{flag} \"{path}\": not a PEM certificate: {OneLine.Flatten(e.Message)}", e);
        }

        return collection.Count > 0
            ? collection
            : throw new EtcdConfigurationException($"{flag} \"{path}\": no certificate in the file (want PEM \"BEGIN CERTIFICATE\")");
    }

    private static void CheckReadable(string flag, string path)
    {
        if (Directory.Exists(path))
        {
            throw new EtcdConfigurationException($"{flag} \"{path}\": is a directory, not a file");
        }

        if (!File.Exists(path))
        {
            throw new EtcdConfigurationException($"{flag} \"{path}\": file not found");
        }

        try
        {
            using var _ = File.OpenHandle(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EtcdConfigurationException($"{flag} \"{path}\": cannot read: {OneLine.Flatten(e.Message)}", e);
        }
    }
}
