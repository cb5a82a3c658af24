// The help texts of the command line: the global usage and one text per subcommand, each listing
// that subcommand's own flags with an example. Plain data with no imports, so that `--help`,
// `<subcommand> --help` and `help <subcommand>` load nothing heavy (no zod, pino, undici or yaml).

export const USAGE = `usage: darktrace-soar <subcommand> [options]

  run '!darktrace-<command> arg=value ...'   run one war-room command
  test                                        check URL, tokens, TLS and clock against the appliance (/status)
  commands                                    list the commands of the integration
  help [COMMAND | SUBCOMMAND]                 a command's arguments and context outputs, or a subcommand's flags
  simulate [--port N] [--tls] [--data real]   start the local Darktrace simulator
  war-room                                    interactive prompt (also: no subcommand on a terminal)
  exec                                        one JSON request on stdin -> one JSON answer on stdout (platform protocol)
  docs [--check]                              write (or check) the README's generated reference
  demo                                        a tour of every command against the embedded simulator
  fetch --state FILE [--out FILE]             one incident fetch cycle: JSON lines to stdout or appended to FILE
  poll --state FILE [--out FILE] [--interval 60s] [--cycles N] [--mirror]
                                              fetch cycles every interval until SIGINT/SIGTERM
  poll --all --config FILE --state-dir DIR [--out-dir DIR] [--interval 60s] [--cycles N] [--concurrency 4]
                                              poll every instance of a multi-instance config file
  close PBID [--comment TEXT]                 acknowledge a model breach (after posting the comment) from a script
  validate --start TIME (--ips A,B | --hostnames H) [--now TIME] [--query Q]
           [--query-time MIN] [--delay-time MIN] [--query-interval SEC]
                                              the security-validation job: sliding windows, verdict

options: --config FILE (YAML or JSON instance parameters; DARKTRACE_<NAME> variables win)
         --instance NAME (one instance of a config file that defines several)
         --json (one JSON object)  --markdown (markdown even on a terminal)
         --verbose (debug logs on stderr)  --help  --version

"darktrace-soar <subcommand> --help" shows a subcommand's own flags and an example.
`;

const INSTANCE_FLAGS = `  --config FILE      YAML or JSON instance parameters (url, public_api_token, private_api_token ...);
                     DARKTRACE_<NAME> environment variables override them
  --instance NAME    one instance of a config file that defines several
  --verbose          debug logs on stderr`;

const OUTPUT_FLAGS = `  --json             one JSON object on stdout
  --markdown         the markdown the platform stores, even on a terminal (the default when piped)`;

/** One text per subcommand: what it does, its flags, an example. */
export const SUBCOMMAND_HELP: Readonly<Record<string, string>> = {
  run: `usage: darktrace-soar run '!darktrace-<command> arg=value ...' [options]

Runs one war-room command against the configured instance and prints its answer: a table on a
terminal, markdown when piped (or with --markdown), one JSON object with --json.

${OUTPUT_FLAGS}
${INSTANCE_FLAGS}

example:
  darktrace-soar run '!darktrace-get-similar-devices did=1 max_results=3' --config darktrace.yml
  darktrace-soar help darktrace-get-similar-devices      (that command's arguments)
`,
  test: `usage: darktrace-soar test [options]

Checks the url, the tokens, TLS and the clock against the appliance (GET /status); prints "ok".

${INSTANCE_FLAGS}

example:
  darktrace-soar test --config darktrace.yml
`,
  commands: `usage: darktrace-soar commands [--markdown]

Lists the commands of the integration with a one-line description.

example:
  darktrace-soar commands
`,
  help: `usage: darktrace-soar help [COMMAND | SUBCOMMAND] [--markdown]

Without a name, lists the commands. With a command (darktrace-get-model-breach), its arguments and
context outputs; with a subcommand (fetch, poll, validate ...), its flags.

example:
  darktrace-soar help darktrace-get-model-breach
  darktrace-soar help fetch
`,
  simulate: `usage: darktrace-soar simulate [--port N] [--tls] [--data real]

Starts the local Darktrace simulator and prints a config (YAML) that points at it, ready for
--config. Serves until Ctrl-C.

  --port N           listen on this port (default: a free one)
  --tls              HTTPS with a self-signed certificate (the printed config sets insecure: true)
  --data real        answer with the shapes real appliances were recorded sending (nulls, numbers
                     as strings, acknowledged objects, System breaches ...) instead of tidy data

example:
  darktrace-soar simulate --port 8443 > simulator.yml
`,
  'war-room': `usage: darktrace-soar war-room [options]

An interactive prompt for !commands against the configured instance (also what darktrace-soar
starts on a terminal without a subcommand). Tab completes commands, arguments and values; Ctrl-R
searches the history; Ctrl-C cancels the running command, and on an empty line twice, leaves.

${INSTANCE_FLAGS}

example:
  darktrace-soar war-room --config darktrace.yml
`,
  exec: `usage: darktrace-soar exec < request.json

The execution protocol a playbook platform drives: one JSON request on stdin,
{"command", "args", "params", "lastRun", "integrationContext"}, one JSON answer on stdout, {"ok",
"results" | "error", "incidents", "quarantined", "lastRun", "integrationContext"}. "command" is a
war-room command, "test-module", "fetch-incidents" or a mirroring command (get-modified-remote-data,
get-remote-data, update-remote-system, get-mapping-fields). Takes no flags: the parameters come in
the request.

example:
  echo '{"command":"test-module","params":{"url":"https://dt.example","public_api_token":"...","private_api_token":"..."}}' | darktrace-soar exec
`,
  docs: `usage: darktrace-soar docs [--check]

Writes the README's generated reference (commands, arguments, outputs, parameters) from the
manifest; with --check, exits 1 when the README is out of date instead.

example:
  darktrace-soar docs --check
`,
  demo: `usage: darktrace-soar demo [--markdown]

A tour of every command against the embedded simulator: the test, each command's example, and
two fetch cycles. Needs no configuration. (npm start runs it.)

example:
  darktrace-soar demo
`,
  fetch: `usage: darktrace-soar fetch --state FILE [--out FILE] [options]

One incident fetch cycle: model breaches since the checkpoint in --state become incidents, written
as JSON lines to stdout or appended to --out; the checkpoint moves only after they are written.
The first run starts at the first_fetch parameter; later runs continue from the checkpoint.

  --state FILE       the checkpoint file (created on the first run; delete it to start over)
  --out FILE         append incidents to this file instead of stdout
${INSTANCE_FLAGS}

example:
  darktrace-soar fetch --config darktrace.yml --state checkpoint.json --out incidents.jsonl
`,
  poll: `usage: darktrace-soar poll --state FILE [--out FILE] [--interval 60s] [--cycles N] [--mirror] [options]
       darktrace-soar poll --all --config FILE --state-dir DIR [--out-dir DIR] [--interval 60s] [--cycles N] [--concurrency 4]

Fetch cycles every interval until SIGINT or SIGTERM (the running cycle finishes first). A failed
cycle is retried after a backoff; the checkpoint is never lost.

  --state FILE       the checkpoint file
  --out FILE         append incidents to this file instead of stdout
  --interval TIME    time between cycles: 60s, 5m, 1h (default 60s)
  --cycles N         stop after N cycles
  --mirror           after each fetch, append {"type":"update","id","acknowledged","comments"} records
                     for fetched breaches acknowledged or commented on in Darktrace (state: FILE.mirror.json)
  --all              every instance of a multi-instance config file, each with its own state
  --state-dir DIR    (with --all) one checkpoint file per instance
  --out-dir DIR      (with --all) one incidents file per instance
  --concurrency N    (with --all) instances fetched at the same time (default 4)
${INSTANCE_FLAGS}

example:
  darktrace-soar poll --config darktrace.yml --state checkpoint.json --out incidents.jsonl --interval 5m
`,
  close: `usage: darktrace-soar close PBID [--comment TEXT] [options]

Acknowledges the model breach in Darktrace, after posting --comment on it when given. The comment
starts with the mirror_comment_prefix parameter ([XSOAR] by default), as every comment this
integration posts, so that poll --mirror does not report it back. Exit 0 once both are confirmed.

  --comment TEXT     a comment to post before acknowledging
${OUTPUT_FLAGS}
${INSTANCE_FLAGS}

example:
  darktrace-soar close 1417 --comment "false positive: scheduled scan" --config darktrace.yml
`,
  validate: `usage: darktrace-soar validate --start TIME (--ips A,B | --hostnames H) [options]

The security-validation job: after a test action at --start, queries the appliance in sliding
windows for events of the given hosts and prints the verdict. Runs not yet due are waited for in
real time; progress goes to stderr on a terminal.

  --start TIME           when the action ran: ISO-8601 or "N minutes|hours|days ago"
  --ips A,B              IP addresses of the hosts that ran the action
  --hostnames H          hostnames of those hosts
  --now TIME             replay: start a clock here and move it instead of waiting
  --query Q              an advanced-search query instead of the built-in one
  --query-time MIN       minutes each window covers
  --delay-time MIN       minutes to wait after the action before the first window
  --query-interval SEC   seconds between windows
${OUTPUT_FLAGS}
${INSTANCE_FLAGS}

example:
  darktrace-soar validate --config darktrace.yml --start "10 minutes ago" --ips 10.0.0.5
`,
};
