namespace EtcdSnap.Cli.Commands.Demo;

/// <summary>A demo step did not do what it claims; the demo stops with one line and a non-zero exit.</summary>
internal sealed class DemoFailedException(string message) : Exception(message);
