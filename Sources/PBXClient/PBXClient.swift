enum PBXClientModule {}
