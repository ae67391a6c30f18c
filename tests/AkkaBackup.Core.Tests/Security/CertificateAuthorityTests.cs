using System.Security.Cryptography.X509Certificates;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Core.Security;

namespace AkkaBackup.Core.Tests.Security;

public sealed class CertificateAuthorityTests(TestCertificates certs) : IClassFixture<TestCertificates>
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private string Ours => Path.Combine(certs.Root, "ours");

    [Fact]
    public void WriteFiles_writes_the_public_ca_certificate_and_owner_only_pfx_files()
    {
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(Path.Combine(Ours, "ca.crt")));
        foreach (var pfx in new[] { "ca.pfx", "receiver.pfx", "client-1.pfx", "client-2.pfx" })
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(Ours, pfx)));
        }
    }

    [Fact]
    public void A_node_pfx_holds_the_node_key_and_certificate_and_the_ca_certificate()
    {
        var pfx = Path.Combine(Ours, "client-1.pfx");
        var contents = X509CertificateLoader.LoadPkcs12CollectionFromFile(pfx, TestCertificates.Password);
        using var ca = CertificateAuthority.LoadCaCertificate(certs.OurCaCrt);
        Assert.Equal(2, contents.Count);
        Assert.Contains(contents, c => c.Thumbprint == ca.Thumbprint && !c.HasPrivateKey);

        using var node = CertificateAuthority.LoadPfx(pfx, TestCertificates.Password);
        Assert.True(node.HasPrivateKey);
        Assert.Equal("CN=client-1", node.Subject);
        Assert.False(node.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var names = node.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["client-1", "localhost"], names.EnumerateDnsNames());
        Assert.Equal("127.0.0.1", Assert.Single(names.EnumerateIPAddresses()).ToString());
        var usages = node.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
    }

    [Fact]
    public void Issued_certificates_carry_extra_dns_names_and_the_ca_keeps_its_key_in_ca_pfx()
    {
        using var ca = CertificateAuthority.LoadPfx(Path.Combine(Ours, "ca.pfx"), TestCertificates.Password);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);

        using var node = CertificateAuthority.IssueNode(ca, "db-7", ["db-7.example.org"]);
        Assert.True(node.HasPrivateKey);
        Assert.Equal(["db-7", "localhost", "db-7.example.org"], node.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(new PeerCertificateValidator(ca, ["db-7"]).Validate(node, out var reason), reason);
    }

    [Fact]
    public void The_ca_certificate_loads_from_der_as_well_as_pem()
    {
        using var pem = CertificateAuthority.LoadCaCertificate(certs.OurCaCrt);
        var der = Path.Combine(certs.Root, "ca.der");
        File.WriteAllBytes(der, pem.RawData);

        using var fromDer = CertificateAuthority.LoadCaCertificate(der);

        Assert.Equal(pem.Thumbprint, fromDer.Thumbprint);
    }

    [Fact]
    public void WriteFiles_refuses_to_overwrite_a_node_and_names_the_file_unless_told_to()
    {
        var directory = Path.Combine(certs.Root, "overwrite");
        CertificateAuthority.WriteFiles(directory, "CA", ["n1"], TestCertificates.Password);
        var before = File.ReadAllBytes(Path.Combine(directory, "n1.pfx"));
        var caBefore = File.ReadAllBytes(Path.Combine(directory, "ca.crt"));

        var refused = Assert.Throws<ConfigurationException>(() => CertificateAuthority.WriteFiles(directory, "CA", ["n1"], TestCertificates.Password));
        Assert.Contains($"{Path.Combine(directory, "n1.pfx")} already exists; refusing to overwrite", refused.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(directory, "n1.pfx")));

        var written = CertificateAuthority.WriteFiles(directory, "CA", ["n1"], TestCertificates.Password, overwrite: true);
        Assert.Equal([Path.Combine(directory, "n1.pfx")], written);
        Assert.NotEqual(before, File.ReadAllBytes(Path.Combine(directory, "n1.pfx")));
        Assert.Equal(caBefore, File.ReadAllBytes(Path.Combine(directory, "ca.crt")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(directory, "n1.pfx")));
    }

    [Fact]
    public void A_node_added_later_is_signed_by_the_same_ca()
    {
        var directory = Path.Combine(certs.Root, "later");
        CertificateAuthority.WriteFiles(directory, "CA", ["receiver"], TestCertificates.Password);

        var written = CertificateAuthority.WriteFiles(directory, "ignored", ["db2"], TestCertificates.Password);

        Assert.Equal([Path.Combine(directory, "db2.pfx")], written);
        using var ca = CertificateAuthority.LoadCaCertificate(Path.Combine(directory, "ca.crt"));
        using var db2 = CertificateAuthority.LoadPfx(Path.Combine(directory, "db2.pfx"), TestCertificates.Password);
        Assert.Equal(ca.Subject, db2.Issuer);
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        Assert.True(chain.Build(db2), "db2 must chain to the existing CA");
    }

    [Fact]
    public void A_ca_with_a_wrong_password_or_a_missing_half_is_refused_by_name()
    {
        var directory = Path.Combine(certs.Root, "halves");
        CertificateAuthority.WriteFiles(directory, "CA", ["n1"], TestCertificates.Password);

        var wrong = Assert.Throws<ConfigurationException>(() => CertificateAuthority.WriteFiles(directory, "CA", ["n2"], "not-the-password"));
        Assert.Contains("ca.pfx", wrong.Message);
        Assert.False(File.Exists(Path.Combine(directory, "n2.pfx")));

        File.Delete(Path.Combine(directory, "ca.pfx"));
        var half = Assert.Throws<ConfigurationException>(() => CertificateAuthority.WriteFiles(directory, "CA", ["n2"], TestCertificates.Password));
        Assert.Contains("only one of ca.crt and ca.pfx", half.Message);
    }

    [Theory]
    [InlineData("../evil", "'../evil' is not a valid node name")]
    [InlineData("-dash", "'-dash' is not a valid node name")]
    [InlineData(".hidden", "'.hidden' is not a valid node name")]
    [InlineData("", "'' is not a valid node name")]
    [InlineData("ca", "'ca' is reserved")]
    public void WriteFiles_refuses_a_bad_node_name_and_names_it(string name, string expected)
    {
        var directory = Path.Combine(certs.Root, "bad-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<ConfigurationException>(() => CertificateAuthority.WriteFiles(directory, "CA", ["good", name], TestCertificates.Password));

        Assert.Contains(expected, error.Message);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void WriteFiles_refuses_a_name_given_twice()
    {
        var error = Assert.Throws<ConfigurationException>(() => CertificateAuthority.WriteFiles(Path.Combine(certs.Root, "twice"), "CA", ["a", "b", "a"], TestCertificates.Password));

        Assert.Contains("'a' is given more than once", error.Message);
    }

    [Fact]
    public void Loading_with_a_wrong_password_or_a_missing_file_names_the_path()
    {
        var pfx = Path.Combine(Ours, "client-1.pfx");
        var wrongPassword = Assert.Throws<ConfigurationException>(() => CertificateAuthority.LoadPfx(pfx, "wrong"));
        Assert.Contains($"'{pfx}' cannot be opened", wrongPassword.Message);

        var missing = Path.Combine(certs.Root, "missing.pfx");
        Assert.Contains($"'{missing}' not found", Assert.Throws<ConfigurationException>(() => CertificateAuthority.LoadPfx(missing, "x")).Message);
        Assert.Contains($"'{missing}' not found", Assert.Throws<ConfigurationException>(() => CertificateAuthority.LoadCaCertificate(missing)).Message);

        var notACertificate = Path.Combine(certs.Root, "garbage.crt");
        File.WriteAllText(notACertificate, "hello");
        Assert.Contains($"'{notACertificate}' cannot be read", Assert.Throws<ConfigurationException>(() => CertificateAuthority.LoadCaCertificate(notACertificate)).Message);
    }

    [Fact]
    public void The_validator_refuses_no_certificate_and_the_ca_certificate_itself()
    {
        using var ca = CertificateAuthority.LoadCaCertificate(certs.OurCaCrt);
        var anyNode = new PeerCertificateValidator(ca, null);

        Assert.False(anyNode.Validate(null, out var none));
        Assert.Equal("the peer presented no certificate", none);
        Assert.False(anyNode.Validate(ca, out var itself));
        Assert.Equal("certificate CN=Test CA is a CA certificate, not a node certificate", itself);

        using var node = CertificateAuthority.LoadPfx(Path.Combine(Ours, "client-2.pfx"), TestCertificates.Password);
        Assert.True(anyNode.Validate(node, out _));
        Assert.Equal("client-2", anyNode.PeerName(node));
        Assert.Null(anyNode.PeerName(null));
    }
}
