// These tests check Unix file modes of the key file: Linux only, like the rest of the suite.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
