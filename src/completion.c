/* SPDX-License-Identifier: Apache-2.0 */
/* completion.c: "shtui completion bash|zsh": shell completion made from the option and command tables, with profiles and regions asked of shtui itself. */
#include "config.h"

#include "completion.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_config.h"
#include "buf.h"
#include "cli_options.h"
#include "endpoint.h"
#include "options.h"
#include "text.h"

/* Prints s in single quotes for bash and zsh. */
static void sh_quote(FILE *out, const char *s)
{
	putc('\'', out);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else
			putc(*s, out);
	}
	putc('\'', out);
}

/* The options that take a value, as a case pattern (a|b|c); `own` adds
 * the commands' options, which all take one. */
static void value_pattern(FILE *out, bool own)
{
	const char *sep = "";
	for (size_t i = 0; i < cli_n_options; i++) {
		if (cli_options[i].arg) {
			fprintf(out, "%s%s", sep, cli_options[i].name);
			sep = "|";
		}
	}
	const char *name, *help, *flags[8];
	for (size_t i = 0; own && cli_command_info(i, &name, &help, flags); i++) {
		for (size_t k = 0; flags[k]; k++) {
			if (strstr(flags[k], "default-standards"))
				continue;
			/* Each only once: the first command that has it. */
			bool seen = false;
			const char *n2, *h2, *f2[8];
			for (size_t j = 0; j < i && !seen && cli_command_info(j, &n2, &h2, f2); j++)
				for (size_t m = 0; f2[m] && !seen; m++)
					seen = strcmp(f2[m], flags[k]) == 0;
			if (!seen)
				fprintf(out, "|%s", flags[k]);
		}
	}
}

/* One `case` arm per command with its own options: "\tcmd) opts+=(...);;". */
static void command_options(FILE *out)
{
	fputs("\t\tjournal) opts+=(--unsettled --since);;\n", out);
	const char *name, *help, *flags[8];
	for (size_t i = 0; cli_command_info(i, &name, &help, flags); i++) {
		if (!flags[0])
			continue;
		fprintf(out, "\t\t%s) opts+=(", name);
		for (size_t k = 0; flags[k]; k++)
			fprintf(out, "%s%s", k ? " " : "", flags[k]);
		fputs(");;\n", out);
	}
}

static const char bash_head[] =
	"# bash completion for shtui, made by \"shtui completion bash\"\n"
	"\n"
	"# Completes the item after the last comma of $cur from the lines of $1.\n"
	"_shtui_reply()\n"
	"{\n"
	"\tlocal IFS=$'\\n' pre=\n"
	"\t[[ $2 == list && $cur == *,* ]] && pre=${cur%,*},\n"
	"\tCOMPREPLY=($(compgen -P \"$pre\" -W \"$1\" -- \"${cur##*,}\"))\n"
	"\t[[ $2 == list ]] && compopt -o nospace 2>/dev/null\n"
	"\treturn 0\n"
	"}\n"
	"\n"
	"_shtui()\n"
	"{\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= region= i w\n"
	"\tlocal shtui=${COMP_WORDS[0]}\n"
	"\t[[ $shtui == \\~/* ]] && shtui=$HOME/${shtui#\\~/}\n"
	"\tcommand -v \"$shtui\" >/dev/null 2>&1 || shtui=shtui\n"
	"\t((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"\t# --name=value, which bash splits at the '='.\n"
	"\tif [[ $cur == = ]]; then\n"
	"\t\tcur=\n"
	"\telif [[ $prev == = ]] && ((COMP_CWORD > 1)); then\n"
	"\t\tprev=${COMP_WORDS[COMP_CWORD-2]}\n"
	"\tfi\n"
	"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	"\t\t[[ ${COMP_WORDS[i]} == --region ]] && region=${COMP_WORDS[i+1]}\n"
	"\t\t[[ $region == = ]] && region=${COMP_WORDS[i+2]}\n"
	"\tdone\n"
	"\tcase $prev in\n"
	"\t--profile) _shtui_reply \"$(\"$shtui\" completion profiles 2>/dev/null)\"; return;;\n"
	"\t--profiles) _shtui_reply \"$(\"$shtui\" completion profiles 2>/dev/null)\" list; return;;\n"
	"\t--region) _shtui_reply \"$(\"$shtui\" completion regions $region 2>/dev/null)\"; return;;\n"
	"\t--regions) _shtui_reply \"all\n$(\"$shtui\" completion regions $region 2>/dev/null)\" list; return;;\n"
	"\t--output) _shtui_reply \"json\ntext\ntable\"; return;;\n"
	"\t--ca-bundle) COMPREPLY=($(compgen -f -- \"$cur\")); compopt -o filenames 2>/dev/null; return;;\n";

static const char bash_mid[] =
	"\tesac\n"
	"\t# The command: the first word that is neither an option nor its value.\n"
	"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	"\t\tw=${COMP_WORDS[i]}\n"
	"\t\tif [[ ${COMP_WORDS[i+1]} == = ]]; then\n"
	"\t\t\t((i += 2))\n"
	"\t\t\tcontinue\n"
	"\t\tfi\n"
	"\t\tcase $w in\n";

static const char bash_tail[] =
	"\t\tesac\n"
	"\t\t_shtui_reply \"$(printf '%s\\n' \"${opts[@]}\")\"\n"
	"\telif [[ -z $cmd ]]; then\n"
	"\t\t_shtui_reply \"$(printf '%s\\n' \"${cmds[@]}\")\"\n"
	"\telif [[ $cmd == completion && $prev == completion ]]; then\n"
	"\t\t_shtui_reply $'bash\\nzsh'\n"
	"\tfi\n"
	"}\n"
	"complete -F _shtui shtui\n";

static void print_bash(FILE *out)
{
	fputs(bash_head, out);
	fputs("\t", out);
	value_pattern(out, true);
	fputs(") return;;\n", out);
	fputs(bash_mid, out);
	fputs("\t\t", out);
	value_pattern(out, true);
	fputs(") ((i++));;\n\t\t-*) ;;\n\t\t*) cmd=$w; break;;\n\t\tesac\n\tdone\n", out);
	fputs("\tlocal -a cmds=(journal ", out);
	const char *name, *help, *flags[8];
	for (size_t i = 0; cli_command_info(i, &name, &help, flags); i++)
		fprintf(out, "%s ", name);
	fputs("completion)\n\tif [[ $cur == -* ]]; then\n\t\tlocal -a opts=(", out);
	for (size_t i = 0; i < cli_n_options; i++)
		fprintf(out, "%s%s%s%s", i ? " " : "",
			cli_options[i].short_name ? cli_options[i].short_name : "",
			cli_options[i].short_name ? " " : "", cli_options[i].name);
	fputs(")\n\t\tcase $cmd in\n", out);
	command_options(out);
	fputs(bash_tail, out);
}

static const char zsh_head[] =
	"#compdef shtui\n"
	"# zsh completion for shtui, made by \"shtui completion zsh\"\n"
	"\n"
	"_shtui() {\n"
	"\tlocal shtui=${words[1]} cur=${words[CURRENT]} prev=${words[CURRENT-1]} cmd= region= i w\n"
	"\tlocal -a list opts cmds\n"
	"\t(( $+commands[$shtui] )) || [[ -x $shtui ]] || shtui=shtui\n"
	"\tfor ((i = 2; i < CURRENT; i++)); do\n"
	"\t\t[[ ${words[i]} == --region ]] && region=${words[i+1]}\n"
	"\t\t[[ ${words[i]} == --region=* ]] && region=${words[i]#--region=}\n"
	"\tdone\n"
	"\tif [[ $cur == --*=* ]]; then\n"
	"\t\tprev=${cur%%=*}\n"
	"\t\tcompset -P '*='\n"
	"\t\tcur=${cur#*=}\n"
	"\tfi\n"
	"\tcase $prev in\n"
	"\t--profile) list=(${(f)\"$($shtui completion profiles 2>/dev/null)\"}); compadd -a list; return;;\n"
	"\t--profiles) compset -P '*,'; list=(${(f)\"$($shtui completion profiles 2>/dev/null)\"}); compadd -q -S , -a list; return;;\n"
	"\t--region) list=(${(f)\"$($shtui completion regions $region 2>/dev/null)\"}); compadd -a list; return;;\n"
	"\t--regions) compset -P '*,'; list=(all ${(f)\"$($shtui completion regions $region 2>/dev/null)\"}); compadd -q -S , -a list; return;;\n"
	"\t--output) compadd json text table; return;;\n"
	"\t--ca-bundle) _files; return;;\n";

static const char zsh_tail[] =
	"\tif [[ $cur == -* ]]; then\n"
	"\t\t_describe -t options option opts\n"
	"\telif [[ -z $cmd ]]; then\n"
	"\t\t_describe -t commands command cmds\n"
	"\telif [[ $cmd == completion && $prev == completion ]]; then\n"
	"\t\tcompadd bash zsh\n"
	"\tfi\n"
	"}\n"
	"\n"
	"if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
	"\t_shtui \"$@\"\n"
	"else\n"
	"\tcompdef _shtui shtui\n"
	"fi\n";

static void print_zsh(FILE *out)
{
	fputs(zsh_head, out);
	fputs("\t", out);
	value_pattern(out, true);
	fputs(") _message value; return;;\n\tesac\n", out);
	fputs("\tfor ((i = 2; i < CURRENT; i++)); do\n\t\tw=${words[i]}\n\t\tcase $w in\n\t\t", out);
	value_pattern(out, true);
	fputs(") ((i++));;\n\t\t-*) ;;\n\t\t*) cmd=$w; break;;\n\t\tesac\n\tdone\n", out);
	fputs("\tcmds=(\n\t\t'journal:the journal of state-changing calls'\n", out);
	const char *name, *help, *flags[8];
	for (size_t i = 0; cli_command_info(i, &name, &help, flags); i++) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%s:%s", name, help);
		fputs("\t\t", out);
		sh_quote(out, buf_str(&b));
		fputs("\n", out);
		buf_done(&b);
	}
	fputs("\t\t'completion:print the bash or zsh completion script'\n\t)\n\topts=(\n", out);
	for (size_t i = 0; i < cli_n_options; i++) {
		for (int s = 0; s < 2; s++) {
			const char *n = s ? cli_options[i].short_name : cli_options[i].name;
			if (!n)
				continue;
			/* The first line of the help is the description. */
			struct buf b;
			buf_init(&b);
			buf_printf(&b, "%s:%.*s", n, (int)strcspn(cli_options[i].help, "\n"),
				   cli_options[i].help);
			fputs("\t\t", out);
			sh_quote(out, buf_str(&b));
			fputs("\n", out);
			buf_done(&b);
		}
	}
	fputs("\t)\n\tcase $cmd in\n", out);
	command_options(out);
	fputs("\tesac\n", out);
	fputs(zsh_tail, out);
}

/* The profiles of the config and credentials files, one a line. */
static int print_profiles(FILE *out)
{
	struct aws_config cfg;
	struct aws_config_overrides ov = { 0 };
	struct buf err;
	buf_init(&err);
	aws_config_init(&cfg);
	/* The files are read even when the default profile does not exist. */
	aws_config_load(&cfg, &ov, &err);
	struct aws_config_profile_list list = { 0 };
	int rc = CLI_EXIT_OK;
	if (aws_config_list_profiles(&cfg, &list) != SHTUI_OK) {
		rc = CLI_EXIT_OTHER;
	} else {
		for (size_t i = 0; i < list.n; i++) {
			bool dup = false;
			for (size_t j = 0; j < i && !dup; j++)
				dup = strcmp(list.names[i], list.names[j]) == 0;
			/* A name the shell could not take whole is left out. */
			if (!dup && list.names[i][0] && !strpbrk(list.names[i], " \t\n'\"\\$`"))
				fprintf(out, "%s\n", list.names[i]);
		}
	}
	aws_config_profile_list_done(&list);
	aws_config_done(&cfg);
	buf_done(&err);
	return rc;
}

/* The Security Hub regions of `region`'s partition ("aws" without one). */
static int print_regions(FILE *out, const char *region)
{
	const struct endpoint_partition *p = endpoint_partition_of(region ? region : "us-east-1");
	for (const char *const *r = p->securityhub_regions; r && *r; r++)
		fprintf(out, "%s\n", *r);
	return CLI_EXIT_OK;
}

int completion_main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	int rc;
	if (strcmp(what, "bash") == 0 && argc == 2) {
		print_bash(stdout);
		rc = CLI_EXIT_OK;
	} else if (strcmp(what, "zsh") == 0 && argc == 2) {
		print_zsh(stdout);
		rc = CLI_EXIT_OK;
	} else if (strcmp(what, "profiles") == 0 && argc == 2) {
		rc = print_profiles(stdout);
	} else if (strcmp(what, "regions") == 0 && argc <= 3) {
		rc = print_regions(stdout, argc == 3 && endpoint_region_valid(argv[2]) ? argv[2] : NULL);
	} else {
		char *safe = text_visible_dup(what);
		fprintf(stderr, "shtui: error: completion takes bash or zsh, not '%s'\n"
			"Try 'shtui --help' for more information.\n", safe ? safe : "");
		free(safe);
		return CLI_EXIT_USAGE;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = CLI_EXIT_OTHER;
	return rc;
}
