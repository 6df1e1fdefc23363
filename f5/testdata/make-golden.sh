#!/bin/sh
# make-golden.sh regenerates the tshark goldens used by the f5 package tests.
#
# The goldens record what Wireshark's f5ethtrailer / f5fileinfo dissectors show
# for the public F5 sample captures in ../shared/corpus/f5 (relative to the
# repository root). Tests compare our parser against these files and never run
# tshark themselves.
#
# Generated with: TShark (Wireshark) 4.0.17 (Git v4.0.17 packaged as
# 4.0.17-0+deb12u3), Debian 12, default preferences.
#
# Usage (from anywhere): sh f5/testdata/make-golden.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=$(cd "$here/../../../shared/corpus/f5" && pwd)

case $(tshark -v 2>/dev/null | head -n 1) in
*" 4.0.17 "*) ;;
*) echo "make-golden.sh: warning: goldens were made with tshark 4.0.17, this is: $(tshark -v 2>/dev/null | head -n 1)" >&2 ;;
esac

fields() {
	for f in "$@"; do printf ' -e %s' "$f"; done
}

# One line per frame, tab separated; repeated fields joined with ",".
trailer_fields=$(fields frame.number \
	f5ethtrailer.type f5ethtrailer.version \
	f5ethtrailer.ingress f5ethtrailer.slot f5ethtrailer.tmm f5ethtrailer.vip \
	f5ethtrailer.flowid f5ethtrailer.peerid f5ethtrailer.cfflags2 f5ethtrailer.cfflags \
	f5ethtrailer.flowtype f5ethtrailer.haunit f5ethtrailer.priority \
	f5ethtrailer.rstcausever f5ethtrailer.rstcausepeer f5ethtrailer.rstcauseval \
	f5ethtrailer.rstcauseline f5ethtrailer.rstcausetxt \
	f5ethtrailer.peeripproto f5ethtrailer.peervlan \
	f5ethtrailer.peerremoteaddr6 f5ethtrailer.peerlocaladdr6 \
	f5ethtrailer.peerremoteport f5ethtrailer.peerlocalport f5ethtrailer.nopeer \
	f5ethtrailer.orig_fcs f5ethtrailer.provider f5ethtrailer.trailer_version)

golden() {
	# shellcheck disable=SC2086
	tshark -r "$corpus/$1" -T fields -E header=y -E separator=/t \
		-E occurrence=a -E aggregator=, $trailer_fields 2>/dev/null >"$here/$2"
}

golden hackazon2.pcap hackazon2.tshark.tsv
golden issue17171-frame1.pcap issue17171.tshark.tsv

# shellcheck disable=SC2046
tshark -r "$corpus/hackazon2.pcap" -c 1 -T fields -E header=y -E separator=/t \
	$(fields frame.number f5fileinfo.cmdline f5fileinfo.version f5fileinfo.hostname \
		f5fileinfo.platform f5fileinfo.product) 2>/dev/null >"$here/hackazon2.fileinfo.tsv"
