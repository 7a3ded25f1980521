// System register names that GNU objdump 2.40 prints but the nvdbg registry
// (cpu/sysregs) does not define: registers of features QEMU -cpu max lacks,
// EL3, debug/trace/PMU/AMU/GIC banks. Facts (architectural names and
// encodings), listed by sweeping every MRS encoding through objdump 2.40 and
// keeping the names the registry lacks. Each entry is <sysRegKey in hex>:<name>.
// The disassembler tries the registry first, then this list.

export const EXTRA_SYSREG_NAMES = `
8002:osdtrrx_el1 801a:osdtrtx_el1 8026:dbgwvr4_el1 8027:dbgwcr4_el1 802e:dbgwvr5_el1 802f:dbgwcr5_el1
8032:oseccr_el1 8034:dbgbvr6_el1 8035:dbgbcr6_el1 8036:dbgwvr6_el1 8037:dbgwcr6_el1 803c:dbgbvr7_el1
803d:dbgbcr7_el1 803e:dbgwvr7_el1 803f:dbgwcr7_el1 8044:dbgbvr8_el1 8045:dbgbcr8_el1 8046:dbgwvr8_el1
8047:dbgwcr8_el1 804c:dbgbvr9_el1 804d:dbgbcr9_el1 804e:dbgwvr9_el1 804f:dbgwcr9_el1 8054:dbgbvr10_el1
8055:dbgbcr10_el1 8056:dbgwvr10_el1 8057:dbgwcr10_el1 805c:dbgbvr11_el1 805d:dbgbcr11_el1 805e:dbgwvr11_el1
805f:dbgwcr11_el1 8064:dbgbvr12_el1 8065:dbgbcr12_el1 8066:dbgwvr12_el1 8067:dbgwcr12_el1 806c:dbgbvr13_el1
806d:dbgbcr13_el1 806e:dbgwvr13_el1 806f:dbgwcr13_el1 8074:dbgbvr14_el1 8075:dbgbcr14_el1 8076:dbgwvr14_el1
8077:dbgwcr14_el1 807c:dbgbvr15_el1 807d:dbgbcr15_el1 807e:dbgwvr15_el1 807f:dbgwcr15_el1 80a4:dbgprcr_el1
83c6:dbgclaimset_el1 83ce:dbgclaimclr_el1 83f6:dbgauthstatus_el1 8400:csrcr_el1 8401:csrptr_el1
8403:csrptridx_el1 8801:trctraceidr 8802:trcvictlr 8804:trcseqevr0 8805:trccntrldvr0 8806:trcidr8
8807:trcimspec0 8808:trcprgctlr 8809:trcqctlr 880a:trcviiectlr 880c:trcseqevr1 880d:trccntrldvr1 880e:trcidr9
880f:trcimspec1 8810:trcprocselr 8812:trcvissctlr 8814:trcseqevr2 8815:trccntrldvr2 8816:trcidr10
8817:trcimspec2 8818:trcstatr 881a:trcvipcssctlr 881d:trccntrldvr3 881e:trcidr11 881f:trcimspec3
8820:trcconfigr 8825:trccntctlr0 8826:trcidr12 8827:trcimspec4 882d:trccntctlr1 882e:trcidr13 882f:trcimspec5
8830:trcauxctlr 8834:trcseqrstevr 8835:trccntctlr2 8837:trcimspec6 883c:trcseqstr 883d:trccntctlr3
883f:trcimspec7 8840:trceventctl0r 8842:trcvdctlr 8844:trcextinselr0 8845:trccntvr0 8847:trcidr0
8848:trceventctl1r 884a:trcvdsacctlr 884c:trcextinselr1 884d:trccntvr1 884f:trcidr1 8850:trcrsr
8852:trcvdarcctlr 8854:trcextinselr2 8855:trccntvr2 8857:trcidr2 8858:trcstallctlr 885c:trcextinselr3
885d:trccntvr3 885f:trcidr3 8860:trctsctlr 8867:trcidr4 8868:trcsyncpr 886f:trcidr5 8870:trcccctlr
8877:trcidr6 8878:trcbbctlr 887f:trcidr7 8881:trcrsctlr16 8882:trcssccr0 8883:trcsspcicr0 8884:trcoslar
8889:trcrsctlr17 888a:trcssccr1 888b:trcsspcicr1 888c:trcoslsr 8890:trcrsctlr2 8891:trcrsctlr18
8892:trcssccr2 8893:trcsspcicr2 8898:trcrsctlr3 8899:trcrsctlr19 889a:trcssccr3 889b:trcsspcicr3
88a0:trcrsctlr4 88a1:trcrsctlr20 88a2:trcssccr4 88a3:trcsspcicr4 88a4:trcpdcr 88a8:trcrsctlr5
88a9:trcrsctlr21 88aa:trcssccr5 88ab:trcsspcicr5 88ac:trcpdsr 88b0:trcrsctlr6 88b1:trcrsctlr22 88b2:trcssccr6
88b3:trcsspcicr6 88b8:trcrsctlr7 88b9:trcrsctlr23 88ba:trcssccr7 88bb:trcsspcicr7 88c0:trcrsctlr8
88c1:trcrsctlr24 88c2:trcsscsr0 88c8:trcrsctlr9 88c9:trcrsctlr25 88ca:trcsscsr1 88d0:trcrsctlr10
88d1:trcrsctlr26 88d2:trcsscsr2 88d8:trcrsctlr11 88d9:trcrsctlr27 88da:trcsscsr3 88e0:trcrsctlr12
88e1:trcrsctlr28 88e2:trcsscsr4 88e8:trcrsctlr13 88e9:trcrsctlr29 88ea:trcsscsr5 88f0:trcrsctlr14
88f1:trcrsctlr30 88f2:trcsscsr6 88f8:trcrsctlr15 88f9:trcrsctlr31 88fa:trcsscsr7 8900:trcacvr0 8901:trcacvr8
8902:trcacatr0 8903:trcacatr8 8904:trcdvcvr0 8905:trcdvcvr4 8906:trcdvcmr0 8907:trcdvcmr4 8910:trcacvr1
8911:trcacvr9 8912:trcacatr1 8913:trcacatr9 8920:trcacvr2 8921:trcacvr10 8922:trcacatr2 8923:trcacatr10
8924:trcdvcvr1 8925:trcdvcvr5 8926:trcdvcmr1 8927:trcdvcmr5 8930:trcacvr3 8931:trcacvr11 8932:trcacatr3
8933:trcacatr11 8940:trcacvr4 8941:trcacvr12 8942:trcacatr4 8943:trcacatr12 8944:trcdvcvr2 8945:trcdvcvr6
8946:trcdvcmr2 8947:trcdvcmr6 8950:trcacvr5 8951:trcacvr13 8952:trcacatr5 8953:trcacatr13 8960:trcacvr6
8961:trcacvr14 8962:trcacatr6 8963:trcacatr14 8964:trcdvcvr3 8965:trcdvcvr7 8966:trcdvcmr3 8967:trcdvcmr7
8970:trcacvr7 8971:trcacvr15 8972:trcacatr7 8973:trcacatr15 8980:trccidcvr0 8981:trcvmidcvr0
8982:trccidcctlr0 898a:trccidcctlr1 8990:trccidcvr1 8991:trcvmidcvr1 8992:trcvmidcctlr0 899a:trcvmidcctlr1
89a0:trccidcvr2 89a1:trcvmidcvr2 89b0:trccidcvr3 89b1:trcvmidcvr3 89c0:trccidcvr4 89c1:trcvmidcvr4
89d0:trccidcvr5 89d1:trcvmidcvr5 89e0:trccidcvr6 89e1:trcvmidcvr6 89f0:trccidcvr7 89f1:trcvmidcvr7
8b84:trcitctrl 8b97:trcdevid 8b9f:trcdevtype 8ba7:trcpidr4 8baf:trcpidr5 8bb7:trcpidr6 8bbf:trcpidr7
8bc6:trcclaimset 8bc7:trcpidr0 8bce:trcclaimclr 8bcf:trcpidr1 8bd6:trcdevaff0 8bd7:trcpidr2 8bde:trcdevaff1
8bdf:trcpidr3 8be6:trclar 8be7:trccidr0 8bee:trclsr 8bef:trccidr1 8bf6:trcauthstatus 8bf7:trccidr2
8bfe:trcdevarch 8bff:trccidr3 8c00:brbinf0_el1 8c01:brbsrc0_el1 8c02:brbtgt0_el1 8c04:brbinf16_el1
8c05:brbsrc16_el1 8c06:brbtgt16_el1 8c08:brbinf1_el1 8c09:brbsrc1_el1 8c0a:brbtgt1_el1 8c0c:brbinf17_el1
8c0d:brbsrc17_el1 8c0e:brbtgt17_el1 8c10:brbinf2_el1 8c11:brbsrc2_el1 8c12:brbtgt2_el1 8c14:brbinf18_el1
8c15:brbsrc18_el1 8c16:brbtgt18_el1 8c18:brbinf3_el1 8c19:brbsrc3_el1 8c1a:brbtgt3_el1 8c1c:brbinf19_el1
8c1d:brbsrc19_el1 8c1e:brbtgt19_el1 8c20:brbinf4_el1 8c21:brbsrc4_el1 8c22:brbtgt4_el1 8c24:brbinf20_el1
8c25:brbsrc20_el1 8c26:brbtgt20_el1 8c28:brbinf5_el1 8c29:brbsrc5_el1 8c2a:brbtgt5_el1 8c2c:brbinf21_el1
8c2d:brbsrc21_el1 8c2e:brbtgt21_el1 8c30:brbinf6_el1 8c31:brbsrc6_el1 8c32:brbtgt6_el1 8c34:brbinf22_el1
8c35:brbsrc22_el1 8c36:brbtgt22_el1 8c38:brbinf7_el1 8c39:brbsrc7_el1 8c3a:brbtgt7_el1 8c3c:brbinf23_el1
8c3d:brbsrc23_el1 8c3e:brbtgt23_el1 8c40:brbinf8_el1 8c41:brbsrc8_el1 8c42:brbtgt8_el1 8c44:brbinf24_el1
8c45:brbsrc24_el1 8c46:brbtgt24_el1 8c48:brbinf9_el1 8c49:brbsrc9_el1 8c4a:brbtgt9_el1 8c4c:brbinf25_el1
8c4d:brbsrc25_el1 8c4e:brbtgt25_el1 8c50:brbinf10_el1 8c51:brbsrc10_el1 8c52:brbtgt10_el1 8c54:brbinf26_el1
8c55:brbsrc26_el1 8c56:brbtgt26_el1 8c58:brbinf11_el1 8c59:brbsrc11_el1 8c5a:brbtgt11_el1 8c5c:brbinf27_el1
8c5d:brbsrc27_el1 8c5e:brbtgt27_el1 8c60:brbinf12_el1 8c61:brbsrc12_el1 8c62:brbtgt12_el1 8c64:brbinf28_el1
8c65:brbsrc28_el1 8c66:brbtgt28_el1 8c68:brbinf13_el1 8c69:brbsrc13_el1 8c6a:brbtgt13_el1 8c6c:brbinf29_el1
8c6d:brbsrc29_el1 8c6e:brbtgt29_el1 8c70:brbinf14_el1 8c71:brbsrc14_el1 8c72:brbtgt14_el1 8c74:brbinf30_el1
8c75:brbsrc30_el1 8c76:brbtgt30_el1 8c78:brbinf15_el1 8c79:brbsrc15_el1 8c7a:brbtgt15_el1 8c7c:brbinf31_el1
8c7d:brbsrc31_el1 8c7e:brbtgt31_el1 8c80:brbcr_el1 8c81:brbfcr_el1 8c82:brbts_el1 8c88:brbinfinj_el1
8c89:brbsrcinj_el1 8c8a:brbtgtinj_el1 8c90:brbidr0_el1 9000:teecr32_el1 9080:teehbr32_el1 9820:dbgdtr_el0
9828:dbgdtrrx_el0 9c00:csrcr_el0 9c01:csrptr_el0 9c02:csridr_el0 9c03:csrptridx_el0 a038:dbgvcr32_el2
a400:csrcr_el2 a401:csrptr_el2 a403:csrptridx_el2 a480:brbcr_el2 ac00:csrcr_el12 ac01:csrptr_el12
ac80:brbcr_el12 c004:mpuir_el1 c085:rgsr_el1 c086:gcr_el1 c091:trfcr_el1 c218:allint c299:errselr_el1
c2a0:erxfr_el1 c2a1:erxctlr_el1 c2a2:erxstatus_el1 c2a3:erxaddr_el1 c2a4:erxpfgf_el1 c2a5:erxpfgctl_el1
c2a6:erxpfgcdn_el1 c2a8:erxmisc0_el1 c2a9:erxmisc1_el1 c2aa:erxmisc2_el1 c2ab:erxmisc3_el1 c2b0:tfsr_el1
c2b1:tfsre0_el1 c309:prenr_el1 c311:prselr_el1 c340:prbar_el1 c341:prlar_el1 c344:prbar1_el1 c345:prlar1_el1
c348:prbar2_el1 c349:prlar2_el1 c34c:prbar3_el1 c34d:prlar3_el1 c350:prbar4_el1 c351:prlar4_el1
c354:prbar5_el1 c355:prlar5_el1 c358:prbar6_el1 c359:prlar6_el1 c35c:prbar7_el1 c35d:prlar7_el1
c360:prbar8_el1 c361:prlar8_el1 c364:prbar9_el1 c365:prlar9_el1 c368:prbar10_el1 c369:prlar10_el1
c36c:prbar11_el1 c36d:prlar11_el1 c370:prbar12_el1 c371:prlar12_el1 c374:prbar13_el1 c375:prlar13_el1
c378:prbar14_el1 c379:prlar14_el1 c37c:prbar15_el1 c37d:prlar15_el1 c4c8:pmscr_el1 c4c9:pmsnevfr_el1
c4ca:pmsicr_el1 c4cb:pmsirr_el1 c4cc:pmsfcr_el1 c4cd:pmsevfr_el1 c4ce:pmslatfr_el1 c4cf:pmsidr_el1
c4d0:pmblimitr_el1 c4d1:pmbptr_el1 c4d3:pmbsr_el1 c4d7:pmbidr_el1 c4d8:trblimitr_el1 c4d9:trbptr_el1
c4da:trbbaser_el1 c4db:trbsr_el1 c4dc:trbmar_el1 c4de:trbtrg_el1 c4df:trbidr_el1 c524:mpamidr_el1
c528:mpam1_el1 c529:mpam0_el1 c52b:mpamsm_el1 c601:rvbar_el1 c602:rmr_el1 c645:icc_ap0r1_el1
c646:icc_ap0r2_el1 c647:icc_ap0r3_el1 c649:icc_ap1r1_el1 c64a:icc_ap1r2_el1 c64b:icc_ap1r3_el1
c64d:icc_nmiar1_el1 c685:accdata_el1 c802:ccsidr2_el1 c804:gmid_el1 da17:tco da28:dspsr_el0 da29:dlr_el0
de90:amcr_el0 de91:amcfgr_el0 de92:amcgcr_el0 de93:amuserenr_el0 de94:amcntenclr0_el0 de95:amcntenset0_el0
de96:amcg1idr_el0 de98:amcntenclr1_el0 de99:amcntenset1_el0 dea0:amevcntr00_el0 dea1:amevcntr01_el0
dea2:amevcntr02_el0 dea3:amevcntr03_el0 deb0:amevtyper00_el0 deb1:amevtyper01_el0 deb2:amevtyper02_el0
deb3:amevtyper03_el0 dee0:amevcntr10_el0 dee1:amevcntr11_el0 dee2:amevcntr12_el0 dee3:amevcntr13_el0
dee4:amevcntr14_el0 dee5:amevcntr15_el0 dee6:amevcntr16_el0 dee7:amevcntr17_el0 dee8:amevcntr18_el0
dee9:amevcntr19_el0 deea:amevcntr110_el0 deeb:amevcntr111_el0 deec:amevcntr112_el0 deed:amevcntr113_el0
deee:amevcntr114_el0 deef:amevcntr115_el0 def0:amevtyper10_el0 def1:amevtyper11_el0 def2:amevtyper12_el0
def3:amevtyper13_el0 def4:amevtyper14_el0 def5:amevtyper15_el0 def6:amevtyper16_el0 def7:amevtyper17_el0
def8:amevtyper18_el0 def9:amevtyper19_el0 defa:amevtyper110_el0 defb:amevtyper111_el0 defc:amevtyper112_el0
defd:amevtyper113_el0 defe:amevtyper114_el0 deff:amevtyper115_el0 df05:cntpctss_el0 df06:cntvctss_el0
df46:pmevcntr6_el0 df47:pmevcntr7_el0 df48:pmevcntr8_el0 df49:pmevcntr9_el0 df4a:pmevcntr10_el0
df4b:pmevcntr11_el0 df4c:pmevcntr12_el0 df4d:pmevcntr13_el0 df4e:pmevcntr14_el0 df4f:pmevcntr15_el0
df50:pmevcntr16_el0 df51:pmevcntr17_el0 df52:pmevcntr18_el0 df53:pmevcntr19_el0 df54:pmevcntr20_el0
df55:pmevcntr21_el0 df56:pmevcntr22_el0 df57:pmevcntr23_el0 df58:pmevcntr24_el0 df59:pmevcntr25_el0
df5a:pmevcntr26_el0 df5b:pmevcntr27_el0 df5c:pmevcntr28_el0 df5d:pmevcntr29_el0 df5e:pmevcntr30_el0
df66:pmevtyper6_el0 df67:pmevtyper7_el0 df68:pmevtyper8_el0 df69:pmevtyper9_el0 df6a:pmevtyper10_el0
df6b:pmevtyper11_el0 df6c:pmevtyper12_el0 df6d:pmevtyper13_el0 df6e:pmevtyper14_el0 df6f:pmevtyper15_el0
df70:pmevtyper16_el0 df71:pmevtyper17_el0 df72:pmevtyper18_el0 df73:pmevtyper19_el0 df74:pmevtyper20_el0
df75:pmevtyper21_el0 df76:pmevtyper22_el0 df77:pmevtyper23_el0 df78:pmevtyper24_el0 df79:pmevtyper25_el0
df7a:pmevtyper26_el0 df7b:pmevtyper27_el0 df7c:pmevtyper28_el0 df7d:pmevtyper29_el0 df7e:pmevtyper30_el0
e004:mpuir_el2 e08c:hfgrtr_el2 e08d:hfgwtr_el2 e08e:hfgitr_el2 e091:trfcr_el2 e099:sder32_el2 e110:vncr_el2
e130:vsttbr_el2 e132:vstcr_el2 e18c:hdfgrtr_el2 e18d:hdfgwtr_el2 e18e:hafgrtr_el2 e2b0:tfsr_el2
e309:prenr_el2 e311:prselr_el2 e340:prbar_el2 e341:prlar_el2 e344:prbar1_el2 e345:prlar1_el2 e348:prbar2_el2
e349:prlar2_el2 e34c:prbar3_el2 e34d:prlar3_el2 e350:prbar4_el2 e351:prlar4_el2 e354:prbar5_el2
e355:prlar5_el2 e358:prbar6_el2 e359:prlar6_el2 e35c:prbar7_el2 e35d:prlar7_el2 e360:prbar8_el2
e361:prlar8_el2 e364:prbar9_el2 e365:prlar9_el2 e368:prbar10_el2 e369:prlar10_el2 e36c:prbar11_el2
e36d:prlar11_el2 e370:prbar12_el2 e371:prlar12_el2 e374:prbar13_el2 e375:prlar13_el2 e378:prbar14_el2
e379:prlar14_el2 e37c:prbar15_el2 e37d:prlar15_el2 e4c8:pmscr_el2 e520:mpamhcr_el2 e521:mpamvpmv_el2
e528:mpam2_el2 e530:mpamvpm0_el2 e531:mpamvpm1_el2 e532:mpamvpm2_el2 e533:mpamvpm3_el2 e534:mpamvpm4_el2
e535:mpamvpm5_el2 e536:mpamvpm6_el2 e537:mpamvpm7_el2 e602:rmr_el2 e641:ich_ap0r1_el2 e642:ich_ap0r2_el2
e643:ich_ap0r3_el2 e649:ich_ap1r1_el2 e64a:ich_ap1r2_el2 e64b:ich_ap1r3_el2 e664:ich_lr4_el2 e665:ich_lr5_el2
e666:ich_lr6_el2 e667:ich_lr7_el2 e668:ich_lr8_el2 e669:ich_lr9_el2 e66a:ich_lr10_el2 e66b:ich_lr11_el2
e66c:ich_lr12_el2 e66d:ich_lr13_el2 e66e:ich_lr14_el2 e66f:ich_lr15_el2 e6c0:amevcntvoff00_el2
e6c1:amevcntvoff01_el2 e6c2:amevcntvoff02_el2 e6c3:amevcntvoff03_el2 e6c4:amevcntvoff04_el2
e6c5:amevcntvoff05_el2 e6c6:amevcntvoff06_el2 e6c7:amevcntvoff07_el2 e6c8:amevcntvoff08_el2
e6c9:amevcntvoff09_el2 e6ca:amevcntvoff010_el2 e6cb:amevcntvoff011_el2 e6cc:amevcntvoff012_el2
e6cd:amevcntvoff013_el2 e6ce:amevcntvoff014_el2 e6cf:amevcntvoff015_el2 e6d0:amevcntvoff10_el2
e6d1:amevcntvoff11_el2 e6d2:amevcntvoff12_el2 e6d3:amevcntvoff13_el2 e6d4:amevcntvoff14_el2
e6d5:amevcntvoff15_el2 e6d6:amevcntvoff16_el2 e6d7:amevcntvoff17_el2 e6d8:amevcntvoff18_el2
e6d9:amevcntvoff19_el2 e6da:amevcntvoff110_el2 e6db:amevcntvoff111_el2 e6dc:amevcntvoff112_el2
e6dd:amevcntvoff113_el2 e6de:amevcntvoff114_el2 e6df:amevcntvoff115_el2 e706:cntpoff_el2 e720:cnthvs_tval_el2
e721:cnthvs_ctl_el2 e722:cnthvs_cval_el2 e728:cnthps_tval_el2 e729:cnthps_ctl_el2 e72a:cnthps_cval_el2
e891:trfcr_el12 eab0:tfsr_el12 ecc8:pmscr_el12 ed28:mpam1_el12 f080:sctlr_el3 f081:actlr_el3 f088:scr_el3
f089:sder32_el3 f08a:cptr_el3 f090:zcr_el3 f096:smcr_el3 f099:mdcr_el3 f100:ttbr0_el3 f102:tcr_el3
f10c:gptbr_el3 f10e:gpccr_el3 f200:spsr_el3 f201:elr_el3 f288:afsr0_el3 f289:afsr1_el3 f290:esr_el3
f2b0:tfsr_el3 f300:far_el3 f305:mfar_el3 f510:mair_el3 f518:amair_el3 f528:mpam3_el3 f600:vbar_el3
f601:rvbar_el3 f602:rmr_el3 f664:icc_ctlr_el3 f665:icc_sre_el3 f667:icc_igrpen1_el3 f682:tpidr_el3
f687:scxtnum_el3 ff10:cntps_tval_el1 ff11:cntps_ctl_el1 ff12:cntps_cval_el1
`;

/** Registry registers that objdump 2.40 does not know and prints in the generic form. */
export const GENERIC_IN_OBJDUMP: readonly number[] = [0xc022, 0xc027, 0xc02a, 0xc033, 0xc03b, 0xc03c];
