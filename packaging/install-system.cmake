# install-system.cmake: the files an installed Lantern puts outside its prefix's bin/, libexec/ and
# share/: the configuration, the systemd units and their helper, the sysusers.d entry. Run at install
# time (`cmake --install`, and cpack, which installs with DESTDIR and the prefix /usr), because where
# they go depends on the prefix chosen then: /usr (the package) puts them in /etc and
# /lib/systemd/system, as Debian does; any other prefix, such as /usr/local, keeps them under it
# (systemd also reads /usr/local/lib/systemd/system). The index is always in /var/lib/lantern.
# The caller sets LANTERN_PACKAGING_DIR, LANTERN_PACKAGING_BINARY_DIR and the relative GNU install
# dirs LANTERN_INSTALL_{BINDIR,LIBEXECDIR,DOCDIR}.
set(prefix "${CMAKE_INSTALL_PREFIX}")
if(prefix STREQUAL "/usr")
  set(SYSCONFDIR "/etc")
  set(unitdir "/lib/systemd/system")
else()
  set(SYSCONFDIR "${prefix}/etc")
  set(unitdir "${prefix}/lib/systemd/system")
endif()
set(STATEDIR "/var/lib")   # the index: where systemd's StateDirectory= puts it, whatever the prefix
set(BINDIR "${prefix}/${LANTERN_INSTALL_BINDIR}")
set(DOCDIR "${prefix}/${LANTERN_INSTALL_DOCDIR}")
set(LIBEXECDIR "${prefix}/${LANTERN_INSTALL_LIBEXECDIR}")

# The configuration: installed when absent, never over an edited one (the package's copy is a
# dpkg conffile instead, and cpack installs into an empty staging folder).
if(EXISTS "$ENV{DESTDIR}${SYSCONFDIR}/lantern/lantern.toml")
  message(STATUS "Kept: $ENV{DESTDIR}${SYSCONFDIR}/lantern/lantern.toml (the example is in share/lantern/examples/)")
else()
  file(INSTALL "${LANTERN_PACKAGING_DIR}/lantern.toml" DESTINATION "${SYSCONFDIR}/lantern"
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endif()

# The units name the programs and the configuration by the paths of this install.
set(units "${LANTERN_PACKAGING_BINARY_DIR}/units")
foreach(unit lantern-search.service lantern-index.service lantern-index-full.service)
  configure_file("${LANTERN_PACKAGING_DIR}/systemd/${unit}.in" "${units}/${unit}" @ONLY)
endforeach()
file(INSTALL "${units}/lantern-search.service" "${units}/lantern-index.service" "${units}/lantern-index-full.service"
     "${LANTERN_PACKAGING_DIR}/systemd/lantern-index.timer" "${LANTERN_PACKAGING_DIR}/systemd/lantern-index-full.timer"
     DESTINATION "${unitdir}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(INSTALL "${LANTERN_PACKAGING_DIR}/restart-search-if-replaced" DESTINATION "${LIBEXECDIR}/lantern"
     PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
file(INSTALL "${LANTERN_PACKAGING_DIR}/lantern.sysusers" DESTINATION "${prefix}/lib/sysusers.d"
     RENAME lantern.conf PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
