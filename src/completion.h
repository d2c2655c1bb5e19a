/* SPDX-License-Identifier: Apache-2.0 */
/* completion.h: "shtui completion bash|zsh": shell completion made from the option and command tables. */
#ifndef SHTUI_COMPLETION_H
#define SHTUI_COMPLETION_H

/*
 * Runs "completion WHAT" (argv[0] is "completion"): "bash" and "zsh" print
 * the completion script; "profiles" and "regions [REGION]" print, one a
 * line, the profiles of the AWS config files and the Security Hub regions
 * of REGION's partition, which the scripts ask for. Returns the exit
 * status. Main thread.
 */
int completion_main(int argc, char **argv);

#endif
