using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgBackupClr.Model;
using AgBackupClr.Tests.Support;
using AgBackupClr.TSql;
using CsCheck;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using NUnit.Framework;
using EncryptionAlgorithm = AgBackupClr.Model.EncryptionAlgorithm;

namespace AgBackupClr.Tests.TSql
{
    /// <summary>
    /// For any database name and path, the text BackupCommand builds is one statement that SQL Server's own parser reads back
    /// with exactly the name and path that went in: no input can end the identifier or literal and add anything.
    /// </summary>
    public class BackupCommandPropertyTests
    {
        private const int Cases = 10_000;

        /// <summary>The options with closed lists of keywords: compression algorithm and level.</summary>
        private static readonly Gen<(CompressionAlgorithm? Algorithm, CompressionLevel? Level)> Keywords =
            Gen.Select(
                Gen.Nullable(Gen.OneOfConst(CompressionAlgorithm.MsXpress, CompressionAlgorithm.QatDeflate, CompressionAlgorithm.Zstd)),
                Gen.Nullable(Gen.OneOfConst(CompressionLevel.Low, CompressionLevel.Medium, CompressionLevel.High)));

        /// <summary>BUFFERCOUNT, MAXTRANSFERSIZE and BLOCKSIZE: any integer goes in as an integer literal.</summary>
        private static readonly Gen<(int? BufferCount, int? MaxTransferSize, int? BlockSize)> Throughput =
            Gen.Select(Gen.Nullable(Gen.Int[1, int.MaxValue]), Gen.Nullable(Gen.Int[1, 64].Select(n => n * 65536)), Gen.Nullable(Gen.OneOfConst(512, 4096, 65536)));

        /// <summary>One file to 64 (BACKUP's most), each path hostile; long paths in the smaller sets.</summary>
        private static readonly Gen<string[]> Files = Gen.Frequency(
            (8, (IGen<string[]>)HostileText.Path.Array[1]),
            (4, HostileText.Path.Array[2, 4]),
            (1, HostileText.ShortPath.Array[5, 64]));

        /// <summary>Encryption with any algorithm and a hostile certificate or key name.</summary>
        private static readonly Gen<BackupEncryption?> Encryption = Gen.Select(
            Gen.Bool,
            Gen.OneOfConst(EncryptionAlgorithm.Aes128, EncryptionAlgorithm.Aes192, EncryptionAlgorithm.Aes256, EncryptionAlgorithm.TripleDes3Key),
            Gen.OneOfConst(EncryptorKind.ServerCertificate, EncryptorKind.ServerAsymmetricKey),
            HostileText.DatabaseName,
            (encrypt, algorithm, kind, name) => encrypt ? new BackupEncryption(algorithm, kind, name) : null);

        /// <summary>TO DISK or TO URL, with a hostile credential name and hostile BACKUP_OPTIONS text.</summary>
        private static readonly Gen<(BackupDevice Device, string? Credential, string? BackupOptions)> Target =
            Gen.Select(Gen.OneOfConst(BackupDevice.Disk, BackupDevice.Url), Gen.Null(HostileText.DatabaseName), Gen.Null(HostileText.ShortPath));

        /// <summary>A hostile backup set name and description.</summary>
        private static readonly Gen<(string? Name, string? Description)> BackupSet = Gen.Select(Gen.Null(HostileText.DatabaseName), Gen.Null(HostileText.ShortPath));

        private static readonly Gen<BackupCommandOptions> Options =
            Gen.Select(
                HostileText.DatabaseName,
                Gen.OneOfConst(BackupType.Full, BackupType.Diff, BackupType.Log),
                Gen.Bool,
                Files,
                Gen.Bool,
                Gen.Nullable(Gen.Bool),
                Gen.Nullable(Gen.Int[1, 100]),
                Gen.Select(Keywords, Throughput, Encryption, Target, BackupSet))
            .Select(o => new BackupCommandOptions(
                o.Item1, o.Item2, o.Item3 && o.Item2 != BackupType.Diff, o.Item4, o.Item5, o.Item6, o.Item7,
                compressionAlgorithm: o.Item8.Item1.Algorithm,
                compressionLevel: o.Item8.Item1.Level,
                bufferCount: o.Item8.Item2.BufferCount,
                maxTransferSize: o.Item8.Item2.MaxTransferSize,
                blockSize: o.Item8.Item2.BlockSize,
                encryption: o.Item8.Item3,
                device: o.Item8.Item4.Device,
                credential: o.Item8.Item4.Credential,
                backupOptions: o.Item8.Item4.BackupOptions,
                name: o.Item8.Item5.Name,
                description: o.Item8.Item5.Description));

        [Test]
        public void Any_name_and_paths_give_exactly_one_backup_statement_of_that_database_to_those_files_in_order()
        {
            Property.ForAll(
                Options,
                Cases,
                options =>
                {
                    string text = BackupCommand.Build(options);

                    BackupStatement backup = SingleStatement<BackupStatement>(NewerBackupSyntax.Strip(text, out List<string> newer));

                    Assert.That(backup, options.BackupType == BackupType.Log
                        ? Is.TypeOf<BackupTransactionLogStatement>()
                        : Is.TypeOf<BackupDatabaseStatement>());
                    Assert.That(backup.DatabaseName.ValueExpression, Is.Null);
                    Assert.That(backup.DatabaseName.Identifier.Value, Is.EqualTo(options.DatabaseName));
                    Assert.That(backup.MirrorToClauses, Is.Empty);
                    AssertDevices(backup.Devices, options);
                    Assert.That(backup.Options.Select(Describe), Is.EqualTo(ExpectedOptions(options)));
                    Assert.That(newer, Is.EqualTo(ExpectedNewerSyntax(options, "BACKUP_OPTIONS")), text);
                    if (backup is BackupDatabaseStatement database)
                    {
                        Assert.That(database.Files, Is.Empty);
                    }
                });
        }

        [Test]
        public void Any_paths_credential_and_options_give_exactly_one_restore_verifyonly_of_those_files()
        {
            Property.ForAll(
                Options,
                Cases,
                options =>
                {
                    string text = BackupCommand.Verify(options);

                    RestoreStatement restore = SingleStatement<RestoreStatement>(NewerBackupSyntax.Strip(text, out List<string> newer));

                    Assert.That(restore.Kind, Is.EqualTo(RestoreStatementKind.VerifyOnly));
                    Assert.That(restore.DatabaseName, Is.Null);
                    Assert.That(restore.Files, Is.Empty);
                    AssertDevices(restore.Devices, options);
                    Assert.That(restore.Options.Select(DescribeRestore), Is.EqualTo(ExpectedRestoreOptions(options)), text);
                    Assert.That(newer, Is.EqualTo(ExpectedNewerSyntax(options.With(compression: null), "RESTORE_OPTIONS")), text);
                });
        }

        [Test]
        public void Any_folder_gives_exactly_one_call_of_xp_create_subdir_with_that_folder()
        {
            Property.ForAll(
                HostileText.Path,
                Cases,
                folder =>
                {
                    string text = BackupCommand.CreateFolder(folder);

                    ExecuteStatement execute = SingleStatement<ExecuteStatement>(text);

                    var procedure = (ExecutableProcedureReference)execute.ExecuteSpecification.ExecutableEntity;
                    Assert.That(procedure.ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value, Is.EqualTo("xp_create_subdir"));
                    var literal = (StringLiteral)procedure.Parameters.Single().ParameterValue;
                    Assert.That((literal.IsNational, literal.Value), Is.EqualTo((true, folder)));
                });
        }

        private static string DescribeRestore(RestoreOption option) =>
            option is ScalarExpressionRestoreOption { Value: Literal value } ? option.OptionKind + "=" + value.Value : option.OptionKind.ToString();

        private static List<string> ExpectedRestoreOptions(BackupCommandOptions options)
        {
            var expected = new List<string>();
            if (options.Checksum)
            {
                expected.Add("Checksum");
            }

            if (options.Credential != null)
            {
                expected.Add("MediaName=" + options.Credential);
            }

            if (options.BackupOptions != null)
            {
                expected.Add("MediaPassword=" + options.BackupOptions);
            }

            return expected;
        }

        private static T SingleStatement<T>(string text)
            where T : TSqlStatement
        {
            TSqlFragment fragment = TSqlParsing.Parse(text, out IList<ParseError> errors);
            Assert.That(errors.Select(e => e.Message), Is.Empty, text);
            var script = (TSqlScript)fragment;
            Assert.That(script.Batches, Has.Count.EqualTo(1), text);
            List<TSqlStatement> statements = TSqlParsing.Statements(script).ToList();
            Assert.That(statements, Has.Count.EqualTo(1), text);
            Assert.That(
                script.ScriptTokenStream.Count(t => t.TokenType == TSqlTokenType.SingleLineComment || t.TokenType == TSqlTokenType.MultilineComment),
                Is.Zero,
                text);
            Assert.That(statements[0], Is.InstanceOf<T>(), text);
            return (T)statements[0];
        }

        private static void AssertDevices(IList<DeviceInfo> devices, BackupCommandOptions options)
        {
            IReadOnlyList<string> paths = options.Files;
            Assert.That(devices, Has.Count.EqualTo(paths.Count));
            for (int i = 0; i < paths.Count; i++)
            {
                Assert.That(devices[i].DeviceType, Is.EqualTo(options.Device == BackupDevice.Url ? DeviceType.Url : DeviceType.Disk));
                Assert.That(devices[i].LogicalDevice, Is.Null);
                Assert.That(devices[i].PhysicalDevice, Is.TypeOf<StringLiteral>());
                var literal = (StringLiteral)devices[i].PhysicalDevice;
                Assert.That(literal.IsNational, Is.True);
                Assert.That(literal.Value, Is.EqualTo(paths[i]));
            }
        }

        private static void AddNumber(List<string> expected, string kind, int? value)
        {
            if (value.HasValue)
            {
                expected.Add(kind + "=" + value.Value.ToString(CultureInfo.InvariantCulture));
            }
        }

        private static string Describe(BackupOption option) => option switch
        {
            BackupEncryptionOption encryption => "Encryption=" + encryption.Algorithm + "," + encryption.Encryptor.CryptoMechanismType + "," + encryption.Encryptor.Identifier.Value,
            _ when option.Value is Literal value => option.OptionKind + "=" + value.Value,
            _ => option.OptionKind.ToString(),
        };

        /// <summary>What ScriptDom cannot parse yet, as NewerBackupSyntax returns it: an algorithm only with COMPRESSION, a level only with an algorithm.</summary>
        private static List<string> ExpectedNewerSyntax(BackupCommandOptions options, string optionsKeyword)
        {
            var expected = new List<string>();
            if (options.Compression == true && options.CompressionAlgorithm is CompressionAlgorithm algorithm)
            {
                expected.Add("COMPRESSION(ALGORITHM=" + SqlNames.Of(algorithm)
                    + (options.CompressionLevel is CompressionLevel level ? ",LEVEL=" + SqlNames.Of(level) : string.Empty) + ")");
            }

            if (options.Credential != null)
            {
                expected.Add("CREDENTIAL");
            }

            if (options.BackupOptions != null)
            {
                expected.Add(optionsKeyword);
            }

            return expected;
        }

        private static List<string> ExpectedOptions(BackupCommandOptions options)
        {
            var expected = new List<string>();
            if (options.BackupType == BackupType.Diff)
            {
                expected.Add("Differential");
            }

            if (options.CopyOnly)
            {
                expected.Add("CopyOnly");
            }

            expected.Add(options.Checksum ? "Checksum" : "NoChecksum");
            if (options.Compression.HasValue)
            {
                expected.Add(options.Compression.Value ? "Compression" : "NoCompression");
            }

            if (options.Encryption is BackupEncryption encryption)
            {
                string algorithm = encryption.Algorithm switch
                {
                    EncryptionAlgorithm.Aes128 => "Aes128",
                    EncryptionAlgorithm.Aes192 => "Aes192",
                    EncryptionAlgorithm.Aes256 => "Aes256",
                    _ => "TripleDes3Key",
                };
                expected.Add("Encryption=" + algorithm + "," + (encryption.EncryptorKind == EncryptorKind.ServerCertificate ? "Certificate" : "AsymmetricKey") + "," + encryption.EncryptorName);
            }

            if (options.Credential != null)
            {
                expected.Add("MediaName=" + options.Credential);
            }

            if (options.BackupOptions != null)
            {
                expected.Add("MediaDescription=" + options.BackupOptions);
            }

            if (options.Name != null)
            {
                expected.Add("Name=" + options.Name);
            }

            if (options.Description != null)
            {
                expected.Add("Description=" + options.Description);
            }

            AddNumber(expected, "BufferCount", options.BufferCount);
            AddNumber(expected, "MaxTransferSize", options.MaxTransferSize);
            AddNumber(expected, "BlockSize", options.BlockSize);
            AddNumber(expected, "Stats", options.Stats);

            return expected;
        }
    }
}
