using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;
using System.Text;
using AgBackupClr.Engine;

namespace AgBackupClr.Planner;

/// <summary>
/// The options of usp_BackupIfPreferred that decide whether a replica can take the job's backups at all: they depend on
/// its version, edition, master keys and credentials. plan takes each as --kebab-case of the parameter's name, checks
/// them with the procedure's own parser (Parameters pairs each with its parameter), and the plan refuses on each replica where ReplicaArgumentChecks refuses them.
/// </summary>
internal sealed class JobOptions
{
    private readonly Option<string> compress = Make("--compress", "Y|N", "@Compress: 'Y' COMPRESSION (refused on Express).");
    private readonly Option<string> compressionAlgorithm = Make(
        "--compression-algorithm", "ALGORITHM", "@CompressionAlgorithm, with --compress Y: MS_XPRESS, QAT_DEFLATE (SQL Server 2022, Windows) or ZSTD (SQL Server 2025).");
    private readonly Option<string> compressionLevel = Make("--compression-level", "LEVEL", "@CompressionLevel, with ZSTD: LOW, MEDIUM or HIGH.");
    private readonly Option<string> encrypt = Make("--encrypt", "Y|N", "@Encrypt: 'Y' encrypts with --encryption-algorithm and one of the two below.");
    private readonly Option<string> encryptionAlgorithm = Make("--encryption-algorithm", "ALGORITHM", "@EncryptionAlgorithm: AES_128, AES_192, AES_256 or TRIPLE_DES_3KEY.");
    private readonly Option<string> serverCertificate = Make(
        "--server-certificate", "NAME", "@ServerCertificate: a certificate that must be in master on each replica (REFUSE_ENCRYPTOR_NOT_FOUND where it is not).");
    private readonly Option<string> serverAsymmetricKey = Make(
        "--server-asymmetric-key", "NAME", "@ServerAsymmetricKey: an EKM asymmetric key that must be in master on each replica.");
    private readonly Option<string> url = Make(
        "--url", "URL", "@URL instead of a folder: https:// (Azure Blob Storage) or s3:// (SQL Server 2022); each replica needs its credential (REFUSE_CREDENTIAL_NOT_FOUND).");
    private readonly Option<string> credential = Make("--credential", "NAME", "@Credential: with an https:// URL, the storage account key credential each replica needs.");

    /// <summary>Each option and the usp_BackupIfPreferred parameter it stands for: the one table both directions read.</summary>
    public IReadOnlyList<(Option<string> Option, string Parameter)> Parameters => new[]
    {
        (compress, "@Compress"),
        (compressionAlgorithm, "@CompressionAlgorithm"),
        (compressionLevel, "@CompressionLevel"),
        (encrypt, "@Encrypt"),
        (encryptionAlgorithm, "@EncryptionAlgorithm"),
        (serverCertificate, "@ServerCertificate"),
        (serverAsymmetricKey, "@ServerAsymmetricKey"),
        (url, "@URL"),
        (credential, "@Credential"),
    };

    public IEnumerable<Option> All => Parameters.Select(pair => (Option)pair.Option);

    /// <summary>
    /// Null when none is given: the plan then checks nothing that depends on the job's options. Null too when one is
    /// given twice: System.CommandLine reports that itself, and reading the value would throw instead.
    /// </summary>
    public ParsedArguments? Read(CommandResult command)
    {
        bool any = false;
        foreach (Option option in All)
        {
            OptionResult? given = command.GetResult(option);
            if (given?.Tokens.Count > 1)
            {
                return null;
            }

            any |= given != null;
        }

        if (!any)
        {
            return null;
        }

        string? to = command.GetValue(url);
        var raw = new RawBackupArguments(
            // Which databases and backup the job takes does not change these checks; every planned backup is checked alike. A
            // COPY_ONLY FULL, since a regular FULL to NUL is refused for moving the differential base.
            "ALL_DATABASES", "FULL", to == null ? "NUL" : null, "Y", null, command.GetValue(compress), null, null, null, null, null, null,
            compressionAlgorithm: command.GetValue(compressionAlgorithm),
            compressionLevel: command.GetValue(compressionLevel),
            encrypt: command.GetValue(encrypt),
            encryptionAlgorithm: command.GetValue(encryptionAlgorithm),
            serverCertificate: command.GetValue(serverCertificate),
            serverAsymmetricKey: command.GetValue(serverAsymmetricKey),
            url: to,
            credential: command.GetValue(credential));
        ParsedArguments parsed = BackupArgumentParser.Parse(raw);
        return parsed.Error == null ? parsed : new ParsedArguments(parsed.Arguments, InOptionNames(parsed.Error));
    }

    /// <summary>
    /// The parser names the procedure's parameters; on this command line they are the options the table pairs them with.
    /// A parameter is replaced only as a whole name (@Compress, not the start of @CompressionAlgorithm), in any case.
    /// </summary>
    private string InOptionNames(string message)
    {
        foreach ((Option<string> option, string parameter) in Parameters)
        {
            var renamed = new StringBuilder(message.Length);
            int from = 0;
            int at;
            while ((at = message.IndexOf(parameter, from, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                int end = at + parameter.Length;
                bool whole = end == message.Length || !char.IsLetterOrDigit(message[end]) && message[end] != '_';
                renamed.Append(message, from, at - from).Append(whole ? option.Name : message.Substring(at, parameter.Length));
                from = end;
            }

            message = renamed.Append(message, from, message.Length - from).ToString();
        }

        return message;
    }

    private static Option<string> Make(string name, string helpName, string description) =>
        new Option<string>(name) { Description = description, HelpName = helpName };
}
