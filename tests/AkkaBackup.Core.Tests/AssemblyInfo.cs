// These tests run real MariaDB servers, Unix sockets and file modes: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
